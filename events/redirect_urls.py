"""Old addresses of history.state.gov, kept working (see events/redirects.py)."""

from django.urls import path

from events import redirects

app_name = "hsg"

urlpatterns = [
    path("milestones/<slug:chapter>/", redirects.milestone_chapter, name="milestone_chapter"),
    path("milestones/<slug:chapter>", redirects.milestone_chapter),
    # Essay ids are not always slugs ("u.s.-soviet-relations").
    path("milestones/<slug:chapter>/<str:article>", redirects.milestone_essay, name="milestone"),
    path("milestones/<slug:chapter>/<str:article>/", redirects.milestone_essay),
    path("departmenthistory/people/<str:hsg_id>", redirects.hsg_person, name="person"),
    path("departmenthistory/people/<str:hsg_id>/", redirects.hsg_person),
]
