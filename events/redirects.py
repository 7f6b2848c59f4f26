"""The Office of the Historian's old addresses, redirected (301) to the pages of the records imported from them.

history.state.gov links to Milestones essays as /milestones/<chapter>/<id> (ids repeat across
chapters, so both parts are needed), to an era as /milestones/<chapter> (its foreword as
/milestones/<chapter>/foreword) and to people as /departmenthistory/people/<id>, under their
current or a former id. Only public records are redirected to; anything else is a 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from events.models import Era, Event
from people.models import Person


def _source_id(value):
    """``value`` if it can be an id of the Office's data; 404 for text no id has (PostgreSQL refuses a NUL: a 500)."""
    if not value or "\x00" in value or len(value) > 200:
        raise Http404("No record has this Office of the Historian id.")
    return value


def milestone_chapter(request, chapter):
    era = get_object_or_404(Era, source_key=chapter)
    return redirect(era, permanent=True)


def milestone_essay(request, chapter, article):
    if article == "foreword":
        return milestone_chapter(request, chapter)
    event = get_object_or_404(Event.objects.published(), source_key=f"{chapter}/{_source_id(article)}")
    return redirect(event, permanent=True)


def hsg_person(request, hsg_id):
    person = Person.objects.published().by_hsg_id(_source_id(hsg_id)).first()
    if person is None:
        raise Http404("No person is known by this Office of the Historian id.")
    return redirect(person, permanent=True)
