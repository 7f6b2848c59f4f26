"""The curators' admin for events, agreements and the vocabularies that describe them.

Eras, places, topics and sources have no publication state: what an editor saves there is live at
once. Events and agreements (and people, in people/admin.py) follow the workflow in lib/admin.py.
Inline rows (sections, participants, signatories…) are edited only from their record's page, so a
live record's rows are as locked as the record.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join

from events.hsg.base import Report
from events.models import (
    Agreement,
    AgreementSource,
    Era,
    Event,
    EventFigure,
    EventPerson,
    EventRelation,
    EventSection,
    EventSource,
    ImportRun,
    PersonSource,
    Place,
    PlaceName,
    Signatory,
    Source,
    Topic,
)
from events.search import admin_search_results
from lib.admin import URL_FIELD_OVERRIDES, CuratedAdmin, DecadeListFilter, PublishableAdmin, PublishableForm
from lib.dates import readable
from people.admin import PersonAdmin
from people.models import Person


class SiteSearchMixin:
    """The changelist's search box (and autocomplete) use the site's full-text search: ranked words,
    stems, accents, alternate names and misspelt names, drafts included; ``search_fields`` matches
    (slugs, identifiers, parts of words) are added to what it finds. See docs/search.md."""

    def get_search_results(self, request, queryset, search_term):
        fallback = super().get_search_results(request, queryset, search_term)
        return admin_search_results(queryset, search_term, fallback=fallback)


# Vocabularies -----------------------------------------------------------------------------------


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = ["name", "used"]
    extra = 0


@admin.register(Place)
class PlaceAdmin(SiteSearchMixin, CuratedAdmin):
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "other_names__name", "slug", "source_key"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "kind", "parent", "description", "source_key"]
    inlines = [PlaceNameInline]


@admin.register(Topic)
class TopicAdmin(SiteSearchMixin, CuratedAdmin):
    list_display = ["name", "parent", "slug"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "source_key"]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["title", "author", "year", "locator"]
    search_fields = ["title", "author", "publisher", "locator", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "author", "publisher", "year", "url", "locator", "note"]


@admin.register(Era)
class EraAdmin(CuratedAdmin):
    list_display = ["title", "start_year", "end_year", "event_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", ("start_year", "end_year"), "introduction", "source_key"]
    # Spelled out: the count column makes a GROUP BY query, which drops Meta.ordering, and the
    # autocomplete then paged an unordered list. ModelAdmin applies this as an explicit order_by.
    ordering = ["start_year", "end_year"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_total=models.Count("events"))

    @admin.display(description="events", ordering="event_total")
    def event_count(self, obj):
        return obj.event_total


# Events -------------------------------------------------------------------------------------------


class EventDecadeFilter(DecadeListFilter):
    title = "decade"
    parameter_name = "decade"
    lower_field = "date_lower"
    upper_field = "date_upper"


class EventSectionInline(admin.StackedInline):
    model = EventSection
    fields = [("order", "heading"), "body"]
    extra = 0


class EventPersonInline(admin.TabularInline):
    model = EventPerson
    fields = ["person", "role", "order"]
    autocomplete_fields = ["person"]
    verbose_name = "participant"
    extra = 0


class EventFigureInline(admin.StackedInline):
    model = EventFigure
    formfield_overrides = URL_FIELD_OVERRIDES
    fields = [("image", "image_url"), "alt_text", "caption", ("credit", "order")]
    extra = 0


class EventRelationInline(admin.TabularInline):
    model = EventRelation
    fk_name = "from_event"
    fields = ["kind", "to_event"]
    autocomplete_fields = ["to_event"]
    verbose_name = "related event"
    extra = 0


class SourceInline(admin.TabularInline):
    """The sources cited by an event, an agreement or a person: one row per citation."""

    fields = ["source", "pages", "order"]
    autocomplete_fields = ["source"]
    verbose_name = "source"
    extra = 0


class EventSourceInline(SourceInline):
    model = EventSource


class EraChoiceForm(forms.Form):
    era = forms.ModelChoiceField(Era.objects.all(), help_text="The chapter the selected events belong to.")


class TopicChoiceForm(forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.all(), help_text="Added to each event's topics; others stay.")


@admin.register(Event)
class EventAdmin(SiteSearchMixin, PublishableAdmin):
    list_display = ["title", "when", "kind", "era", "publication_status", "updated_at"]
    list_filter = ["status", EventDecadeFilter, "era", "kind"]
    list_select_related = ["era"]
    search_fields = ["title", "slug", "summary", "source_key"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["era", "places", "topics", "agreements"]
    readonly_fields = ["reads_as", *PublishableAdmin.readonly_fields]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", ("date", "reads_as"), "era", "summary"]}),
        ("Described by", {"fields": ["places", "topics", "agreements"]}),
        ("Publication", {"fields": PublishableAdmin.publication_fields}),
        ("Import", {"fields": ["source_key"], "classes": ["collapse"]}),
    ]
    inlines = [EventSectionInline, EventPersonInline, EventFigureInline, EventRelationInline, EventSourceInline]
    actions = [*PublishableAdmin.actions, "assign_era", "add_topic"]

    @admin.display(description="date", ordering="date_lower")
    def when(self, obj):
        return readable(obj.date) or "—"

    @admin.display(description="reads as")
    def reads_as(self, obj):
        return readable(obj.date) if obj and obj.date else "—"

    @admin.action(description="Assign an era to selected %(verbose_name_plural)s", permissions=["change"])
    def assign_era(self, request, queryset):
        def apply(event, era):
            if event.era_id == era.pk:
                return False
            event.era = era
            event._change_reason = f"Era: {era} (bulk action)"
            event.save()
            return True

        return self._bulk_edit(request, queryset, EraChoiceForm, "assign_era", "Assign era", apply)

    @admin.action(description="Add a topic to selected %(verbose_name_plural)s", permissions=["change"])
    def add_topic(self, request, queryset):
        def apply(event, topic):
            if topic in event.topics.all():
                return False
            event._change_reason = f"Topic added: {topic} (bulk action)"
            event.topics.add(topic)
            return True

        return self._bulk_edit(
            request, queryset.prefetch_related("topics"), TopicChoiceForm, "add_topic", "Add topic", apply
        )

    def _bulk_edit(self, request, queryset, form_class, action, title, apply):
        """Ask for a value on a confirmation page, then apply it to each selected event the user may change.

        Published and retired events are left alone for editors (they are locked, see PublishableAdmin).
        Each event is saved on its own so that its history records the change and the user.
        """
        changeable, locked = [], []
        for event in queryset:
            (changeable if self.has_change_permission(request, event) else locked).append(event)
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            value = next(iter(form.cleaned_data.values()))
            changed = 0
            with transaction.atomic():
                for event in changeable:
                    event._history_user = request.user
                    if apply(event, value):
                        self.log_change(request, event, f"{title}: {value}")
                        changed += 1
            self.message_user(
                request, f"{title}: {value} — {changed} {model_ngettext(self.opts, changed)} changed.", messages.SUCCESS
            )
            if locked:
                self.message_user(
                    request,
                    f"{len(locked)} published or retired {model_ngettext(self.opts, len(locked))} left unchanged: "
                    "only publishers can change live records.",
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "queryset": queryset,
            "changeable": changeable,
            "locked": locked,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/curated/bulk_edit.html", context)


# Agreements ---------------------------------------------------------------------------------------


class SignedDecadeFilter(DecadeListFilter):
    title = "decade signed"
    parameter_name = "signed"
    lower_field = "signed_lower"
    upper_field = "signed_upper"


class AgreementForm(PublishableForm):
    def clean(self):
        cleaned_data = super().clean()
        # The signatories are checked against the parties as submitted in this same form, before
        # anything is saved (see SignatoryFormSet): the admin validates this form first.
        self.instance._submitted_parties = cleaned_data.get("parties")
        return cleaned_data


class SignatoryFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        parties = getattr(self.instance, "_submitted_parties", None)
        if parties is None:
            if self.instance.pk is None:
                return  # The agreement's own form has an error to fix first.
            parties = self.instance.parties.all()
        party_ids = {party.pk for party in parties}
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            party = getattr(form, "cleaned_data", {}).get("party")
            if party is not None and party.pk not in party_ids:
                form.add_error(
                    "party",
                    f"{party} is not one of this agreement's parties: add it to the parties above, or choose another.",
                )


class SignatoryInline(admin.TabularInline):
    model = Signatory
    formset = SignatoryFormSet
    fields = ["person", "party", "role", "order"]
    autocomplete_fields = ["person", "party"]
    extra = 0


class AgreementSourceInline(SourceInline):
    model = AgreementSource


@admin.register(Agreement)
class AgreementAdmin(SiteSearchMixin, PublishableAdmin):
    form = AgreementForm
    list_display = ["title", "kind", "signed_on", "party_names", "agreement_status", "publication_status"]
    list_filter = ["status", SignedDecadeFilter, "kind", "agreement_status"]
    search_fields = ["title", "slug", "summary", "source_key"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parties"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "agreement_status", "parties", "summary", "body"]}),
        ("Dates", {"fields": [("negotiated", "signed"), ("in_force", "ended")]}),
        ("Publication", {"fields": PublishableAdmin.publication_fields}),
        ("Import", {"fields": ["source_key"], "classes": ["collapse"]}),
    ]
    inlines = [SignatoryInline, AgreementSourceInline]

    def get_queryset(self, request):
        # The "parties" column: one query for the page's parties, not one per row.
        return super().get_queryset(request).prefetch_related("parties")

    @admin.display(description="signed", ordering="signed_lower")
    def signed_on(self, obj):
        return readable(obj.signed) or "—"

    @admin.display(description="parties")
    def party_names(self, obj):
        return ", ".join(party.name for party in obj.parties.all()) or "—"


# People's sources ---------------------------------------------------------------------------------


class PersonSourceInline(SourceInline):
    model = PersonSource


# PersonSource lives in events/ because people/ never imports events/; so the person admin gets its
# sources inline here, by replacing the registration made in people/admin.py.
admin.site.unregister(Person)


@admin.register(Person)
class PersonWithSourcesAdmin(SiteSearchMixin, PersonAdmin):
    inlines = [*PersonAdmin.inlines, PersonSourceInline]


# Imports ------------------------------------------------------------------------------------------


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """What each run of ``manage.py import_hsg`` did and the data problems it found: read only."""

    list_display = ["started_at", "datasets", "outcome", "created", "updated", "skipped_count", "problem_count"]
    ACTIONS = Report.ACTIONS  # "missing": gone from the source, kept here
    list_filter = ["outcome"]
    date_hierarchy = "started_at"
    fields = ["source", "datasets", "outcome", "overwrite", "started_at", "finished_at", "error", "summary", "report"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="created")
    def created(self, obj):
        return obj.total("created")

    @admin.display(description="updated")
    def updated(self, obj):
        return obj.total("updated")

    @admin.display(description="skipped (edited)")
    def skipped_count(self, obj):
        return len(obj.skipped)

    @admin.display(description="problems")
    def problem_count(self, obj):
        return len(obj.problems)

    @admin.display(description="records")
    def summary(self, obj):
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((label, *(n.get(action, 0) for action in self.ACTIONS)) for label, n in obj.counts.items()),
        )
        return format_html(
            "<table><tr><th></th>{}</tr>{}</table>",
            format_html_join("", "<th>{}</th>", ((action,) for action in self.ACTIONS)),
            rows,
        )

    @admin.display(description="problems and skipped records")
    def report(self, obj):
        skipped = format_html_join(
            "",
            "<li>Edited by a curator, left as it is: {} “{}” [{}]</li>",
            ((s["model"], s["record"], s["key"]) for s in obj.skipped),
        )
        problems = format_html_join(
            "",
            "<li>{}{} {}: {}</li>",
            (
                (
                    p["file"],
                    f", line {p['line']}" if p["line"] else "",
                    f"[{p['record']}]" if p["record"] else "",
                    p["message"],
                )
                for p in obj.problems
            ),
        )
        return format_html("<ul>{}{}</ul>", skipped, problems) if obj.skipped or obj.problems else "—"
