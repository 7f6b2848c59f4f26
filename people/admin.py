"""The curators' admin for people. Their sources, and the site search behind the search box, are
added in events/admin.py (people/ never imports events/)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from lib.admin import DecadeListFilter, PublishableAdmin
from lib.dates import readable
from people.models import Person, PersonName, Position


class AliveInFilter(DecadeListFilter):
    """People alive in a decade: their lives overlap it (an unknown birth or death does not exclude them)."""

    title = "alive in"
    parameter_name = "alive"
    lower_field = "birth_lower"
    upper_field = "death_upper"


class PersonNameInline(admin.TabularInline):
    model = PersonName
    fields = ["name", "kind", "language", "note"]
    extra = 0


class PositionInline(admin.StackedInline):
    model = Position
    fields = [
        ("title", "kind"),
        ("organization", "organization_key"),
        ("appointed", "start", "end"),
        "note",
        "concurrent",
    ]
    extra = 0


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = ["display_name", "lifespan", "nationality", "publication_status", "updated_at"]
    list_filter = ["status", AliveInFilter, "nationality"]
    search_fields = ["display_name", "surname", "forenames", "alternate_names__name", "slug", "hsg_id", "wikidata_id"]
    prepopulated_fields = {"slug": ["display_name"]}
    fieldsets = [
        (None, {"fields": ["display_name", ("surname", "forenames", "name_suffix"), "slug"]}),
        ("Life", {"fields": [("birth", "death"), "nationality", ("career_type", "residence_states"), "biography"]}),
        ("Portrait", {"fields": ["portrait", "portrait_alt", "portrait_credit"], "classes": ["collapse"]}),
        ("Identifiers", {"fields": ["hsg_id", "hsg_old_ids", "wikidata_id", "imported_at"], "classes": ["collapse"]}),
        ("Publication", {"fields": PublishableAdmin.publication_fields}),
    ]
    inlines = [PersonNameInline, PositionInline]
    readonly_fields = [*PublishableAdmin.readonly_fields, "imported_at"]

    @admin.display(description="lived", ordering="birth_lower")
    def lifespan(self, obj):
        if not obj.birth and not obj.death:
            return "—"
        return f"{readable(obj.birth) or '?'} – {readable(obj.death) or ''}".strip()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A warning, not a refusal: two people can share a name (father and son, namesakes).
        for other in form.instance.probable_duplicates():
            url = reverse("admin:people_person_change", args=[other.pk])
            self.message_user(
                request,
                format_html(
                    '“{}” may be the same person as <a href="{}">{}</a> ({}): check before publishing.',
                    form.instance,
                    url,
                    other,
                    self.lifespan(other),
                ),
                messages.WARNING,
            )
