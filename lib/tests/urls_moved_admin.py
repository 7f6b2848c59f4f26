"""The site's URLconf with the admin at /curation/, as DJANGO_ADMIN_PATH=curation/ would build it."""

from django.contrib import admin
from django.urls import path

from archive_site import urls

urlpatterns = [path("curation/", admin.site.urls)] + [
    pattern for pattern in urls.urlpatterns if getattr(pattern, "app_name", None) != "admin"
]
