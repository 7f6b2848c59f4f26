"""What every curated model's admin shares: history, recovery of deleted records, the
publication workflow and a decade filter for uncertain dates.

``CuratedAdmin`` is the base of every ModelAdmin (places, topics, sources, eras);
``PublishableAdmin`` adds the workflow for the records that have a publication state (events,
agreements, people). Who may give a record which status is decided by
``lib.publishing.allowed_statuses`` and enforced here on the server: in the form's choices, in its
validation, in the change and delete permissions and in every bulk action.

Every change form also guards against concurrent edits (``ConcurrentEditForm``): two curators who
open the same record cannot silently overwrite each other; the second is told who saved in between
and shown how their version differs from the stored one.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.utils import get_m2m_reverse_field_name

from lib.dates import overlaps, year_end, year_start
from lib.publishing import PUBLIC_STATUSES, Publishable, Status, allowed_statuses, publish_permission

# Rows that a deletion took with it (an event's sections, a person's posts) have their own "deleted"
# history rows, written moments before the record's. Rows deleted by the same user this long before
# the record are taken to belong to that deletion and are recovered with it.
CASCADE_WINDOW = datetime.timedelta(minutes=1)

# Django 6 makes https the default scheme of a typed-in address; curators get it now (and no warning).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}

# The recovery page lists this many deleted records, newest first.
RECOVER_LIST_LIMIT = 200


# Concurrent edits ---------------------------------------------------------------------------------

EDIT_TOKEN = "edit_token"


def _history_relations(model, inline_keys=()):
    """(history model, column holding the record's id) for a record and the inline rows edited with it.

    ``inline_keys`` are (inline model, foreign key name) pairs: each change to such a row writes a
    history row that carries the record's id. Rows of other pages that point at the record (an event's
    participants, seen from the person) are left out: they do not make the person's form stale.
    """
    relations = [(model.history.model, model._meta.pk.attname)]
    for child_model, key in inline_keys:
        manager_name = getattr(child_model._meta, "simple_history_manager_attribute", None)
        if manager_name is not None:
            relations.append((getattr(child_model, manager_name).model, key))
    return relations


def edit_token(model, pk, inline_keys=()):
    """A string that changes whenever the record ``pk`` or one of its inline rows is saved or deleted.

    It is the id of the newest history row of the record and of each kind of inline row, read in one
    query. The change form carries it from the moment the form is opened to the moment it is saved.
    """
    latest = {
        f"h{i}": Subquery(
            history.objects.filter(**{key: OuterRef("pk")}).order_by("-history_id").values("history_id")[:1]
        )
        for i, (history, key) in enumerate(_history_relations(model, inline_keys))
    }
    row = model._default_manager.filter(pk=pk).annotate(**latest).values(*latest).first()
    if row is None:
        return ""
    return "-".join(str(row[name] or 0) for name in latest)


def last_change(model, pk, inline_keys=()):
    """The newest history row of the record ``pk`` or of one of its inline rows (who saved, and when)."""
    rows = [
        history.objects.filter(**{key: pk}).select_related("history_user").order_by("-history_date").first()
        for history, key in _history_relations(model, inline_keys)
    ]
    rows = [row for row in rows if row is not None]
    return max(rows, key=lambda row: row.history_date) if rows else None


def _readable(field, value):
    """``value`` of form ``field`` as a curator would read it in the conflict table."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = value or []
        if items and not isinstance(next(iter(items)), models.Model):
            try:
                items = list(field.queryset.filter(pk__in=items))
            except (TypeError, ValueError, ValidationError):
                pass  # not ids at all (a tampered form): shown as sent
        return ", ".join(sorted(str(item) for item in items)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        if value in (None, ""):
            return "—"
        if not isinstance(value, models.Model):
            try:
                value = field.queryset.filter(pk=value).first() or value
            except (TypeError, ValueError, ValidationError):
                pass  # not an id (a tampered form): shown as sent
        return str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices if not isinstance(label, list | tuple)}
        return str(labels.get(str(value), value)) if value not in (None, "") else "—"
    if isinstance(field, forms.FileField):
        return getattr(value, "name", None) or "—"
    return "—" if value in (None, "") else str(value)


# The largest id a database column can hold (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def _possible_id(value):
    try:
        return abs(int(value)) <= MAX_ID
    except (TypeError, ValueError):
        return False


def without_impossible_ids(data, model, keys):
    """``data`` with "0" in place of ids no row can have ("abc", "1.5", 10**20) in relation fields.

    ``keys`` maps the keys of ``data`` to the names of ``model``'s fields. Django's autocomplete widget
    looks the submitted ids up to render the form again, and such a value made that query fail: a
    500 where the form should say "Select a valid choice". No row has id 0, so the message stays.
    """
    fixed_data = None
    for key, name in keys.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_one or field.one_to_one or field.many_to_many) or field.auto_created:
            continue
        target = field.related_model._meta.pk if field.many_to_many else field.target_field
        if not isinstance(target, models.IntegerField) or key not in data:
            continue
        values = data.getlist(key)
        fixed = [value if value in ("", None) or _possible_id(value) else "0" for value in values]
        if fixed != values:
            fixed_data = fixed_data or data.copy()
            fixed_data.setlist(key, fixed)
    return fixed_data or data


class EditTokenField(forms.CharField):
    """The hidden token: never one of the form's changes (the admin's log lists those)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class ConcurrentEditForm(forms.ModelForm):
    """A change form that refuses to overwrite a record someone else saved after it was opened.

    The hidden ``edit_token`` holds ``edit_token()`` as it was when the form was rendered. On save
    the record is locked (on PostgreSQL; SQLite writes one at a time anyway) and the token compared
    with the stored one: if they differ, nothing is saved and ``conflict`` describes the other save
    and lists the fields where this submission differs from what is stored now. The form is then
    shown again carrying the new token, so saving again after reading the difference is a deliberate
    overwrite; reloading the page starts from the other curator's version.
    """

    edit_token = EditTokenField(required=False)
    # (inline model, foreign key column) of the rows edited on the same page: set by CuratedAdmin.get_form.
    inline_keys = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.is_bound:
            self.data = without_impossible_ids(
                self.data, self._meta.model, {self.add_prefix(name): name for name in self.fields}
            )
        if self.instance.pk is not None and not self.is_bound:
            self.initial[EDIT_TOKEN] = edit_token(self._meta.model, self.instance.pk, self.inline_keys)

    def clean(self):
        cleaned_data = super().clean()
        submitted = cleaned_data.get(EDIT_TOKEN)
        # A submission without a token (a script, an old page) is not checked: the form always sends one.
        if self.instance.pk is None or not submitted:
            return cleaned_data
        model = self._meta.model
        if not transaction.get_autocommit():
            # Two saves of the same record wait for each other here, so the second one sees the first.
            list(model._default_manager.select_for_update().filter(pk=self.instance.pk).values_list("pk"))
        current = edit_token(model, self.instance.pk, self.inline_keys)
        if current and current != submitted:
            self.conflict = self._describe_conflict()
            change = self.conflict["change"]
            who = f" by {change.history_user}" if change is not None and change.history_user else ""
            when = f" on {localtime(change.history_date):%Y-%m-%d at %H:%M:%S}" if change is not None else ""
            # Shown again with the stored token: saving once more, knowingly, replaces their version.
            self.data = self.data.copy()
            self.data[self.add_prefix(EDIT_TOKEN)] = current
            raise ValidationError(
                f"This record was changed{who}{when}, after you opened it. Nothing of yours has been saved. "
                "Compare the two versions below, then reload the page to start again from theirs, "
                "or save again to replace it with yours.",
                code="edit_conflict",
            )
        return cleaned_data

    def _describe_conflict(self):
        model = self._meta.model
        stored = model._default_manager.get(pk=self.instance.pk)
        stored_values = model_to_dict(stored)
        differences = []
        for name, field in self.fields.items():
            if name == EDIT_TOKEN or field.disabled or name not in stored_values:
                continue
            bound = self[name]
            if not field.has_changed(stored_values[name], bound.data):
                continue
            yours = self.cleaned_data.get(name, bound.data)
            differences.append(
                {
                    "label": bound.label,
                    "stored": _readable(field, stored_values[name]),
                    "yours": _readable(field, yours),
                }
            )
        return {"change": last_change(model, self.instance.pk, self.inline_keys), "differences": differences}


def _inline_differences(formsets):
    """What a submission would change in the inline rows, for the conflict table (stored vs yours)."""
    differences = []
    for formset in formsets:
        title = str(formset.model._meta.verbose_name).capitalize()
        for form in formset.forms:
            stored_row = form.instance.pk is not None
            if stored_row and formset.can_delete and formset._should_delete_form(form):
                differences.append({"label": title, "stored": str(form.instance), "yours": "(deleted)"})
            elif form.has_changed():
                for name in form.changed_data:
                    field = form.fields[name]
                    differences.append(
                        {
                            "label": f"{title} “{form.instance}”: {form[name].label}" if stored_row else title,
                            "stored": _readable(field, form[name].initial) if stored_row else "(no such row)",
                            "yours": _readable(
                                field,
                                form.cleaned_data.get(name, form[name].data)
                                if hasattr(form, "cleaned_data")
                                else form[name].data,
                            ),
                        }
                    )
    return differences


class CuratedAdmin(SimpleHistoryAdmin):
    """History (who changed what, with a diff), revert, and "Recover deleted" for one model."""

    form = ConcurrentEditForm
    formfield_overrides = URL_FIELD_OVERRIDES
    change_list_template = "admin/curated/change_list.html"
    change_form_template = "admin/curated/change_form.html"
    recover_template = "admin/curated/recover.html"
    object_history_form_template = "admin/curated/object_history_form.html"

    def get_urls(self):
        opts = self.model._meta
        recover = path(
            "recover/",
            self.admin_site.admin_view(self.recover_view),
            name=f"{opts.app_label}_{opts.model_name}_recover",
        )
        # Before the model admin's own URLs: "<path:object_id>/" would otherwise match "recover/".
        return [recover, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            opts = self.model._meta
            extra_context["recover_url"] = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_recover")
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory made a new class for this request: safe to set attributes on it.
        form.inline_keys = [
            # The inline formset's own foreign key to this record, as Django's admin finds it.
            (inline.model, inline.get_formset(request, obj).fk.attname)
            for inline in self.get_inline_instances(request, obj)
        ]
        return form

    def get_fields(self, request, obj=None):
        # Admins without ``fields`` list every form field: the hidden token is rendered apart.
        return [name for name in super().get_fields(request, obj) if name != EDIT_TOKEN]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs:
            # Inline rows are "<prefix>-<n>-<field>": see without_impossible_ids.
            keys = {key: key.rsplit("-", 1)[-1] for key in kwargs["data"] if key.startswith(f"{prefix}-")}
            kwargs["data"] = without_impossible_ids(kwargs["data"], inline.model, keys)
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if getattr(form, "conflict", None):
            formsets = [inline.formset for inline in context.get("inline_admin_formsets") or []]
            context["edit_conflict"] = {
                **form.conflict,
                "differences": form.conflict["differences"] + _inline_differences(formsets),
                "reload_url": request.path,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Revert -----------------------------------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a revert for anyone who may *view* the history; only someone who may
        # change the record as it is now (not as it was in the old version) may revert it.
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
            # Atomic like the change form: the concurrent-edit check locks the record until the save.
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        form = getattr(context.get("adminform"), "form", None)
        if getattr(form, "conflict", None):
            context["edit_conflict"] = {**form.conflict, "reload_url": request.path}
        return super().render_history_view(request, template, context, **kwargs)

    def save_model(self, request, obj, form, change):
        version = to_historic(obj)
        if version is not None:
            # A revert from the history page: say so in the history it adds to.
            reason = f"Reverted to the version of {localtime(version.history_date):%Y-%m-%d %H:%M}"
            obj._change_reason = "; ".join(filter(None, [reason, getattr(obj, "_change_reason", None)]))
        super().save_model(request, obj, form, change)

    # Recover deleted records ------------------------------------------------------------------

    def deleted_records(self):
        """The "deleted" history rows of records that no longer exist, newest first, one per record."""
        history = self.model.history
        pk_name = self.model._meta.pk.attname
        rows = (
            history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": self.model._default_manager.values("pk")})
            .select_related("history_user")
            .order_by("-history_date")[:RECOVER_LIST_LIMIT]
        )
        latest, seen = [], set()
        for row in rows:
            # A record deleted, recovered and deleted again has two such rows: list it once.
            if getattr(row, pk_name) not in seen:
                seen.add(getattr(row, pk_name))
                latest.append(row)
        return latest

    def recover_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        if request.method == "POST":
            history_id = request.POST.get("history_id", "")
            if not history_id.isdigit():
                raise Http404("No such deleted record.")
            record = get_object_or_404(self.model.history.filter(history_type="-"), pk=history_id)
            return self._recover_and_redirect(request, record)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Recover deleted {opts.verbose_name_plural}",
            "opts": opts,
            "records": self.deleted_records(),
            "publishable": issubclass(self.model, Publishable),
            "can_publish": self._can_publish(request),
        }
        return TemplateResponse(request, self.recover_template, context)

    def _recover_and_redirect(self, request, record):
        opts = self.model._meta
        pk = getattr(record, opts.pk.attname)
        if self.model._default_manager.filter(pk=pk).exists():
            self.message_user(request, f"“{record.history_object}” exists already.", messages.WARNING)
            return HttpResponseRedirect(request.path)
        try:
            with transaction.atomic():
                obj, children, skipped = self.recover(request, record)
        except ValidationError as error:
            self.message_user(
                request, f"“{record.history_object}” cannot be recovered: {' '.join(error.messages)}", messages.ERROR
            )
            return HttpResponseRedirect(request.path)
        self.log_addition(request, obj, [{"added": {}}])
        message = f"Recovered “{obj}”"
        if children:
            message += f" with {children} related row{'s' if children != 1 else ''} (sections, names, citations…)"
        if skipped:
            message += f"; {skipped} row{'s' if skipped != 1 else ''} could not come back: what they pointed to is gone"
        self.message_user(request, message + ".", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[pk])
        )

    def recover(self, request, record):
        """Re-create a deleted record from its last history row, with the rows its deletion took.

        Restored: the record's own fields (same id, same slug), its many-to-many links as of its last
        saved version, and the inline rows (sections, participants, names, posts, citations…) that
        were deleted with it, when what they point to still exists. Not restored: links other records
        held to it (another event's "agreements", a deleted topic on events). Returns
        (record, rows restored, rows skipped).
        """
        obj = record.instance
        if isinstance(obj, Publishable) and obj.is_public and not self._can_publish(request):
            # Bringing a record back online is a publication: someone who may not publish gets a draft.
            obj.status = Status.DRAFT
        obj.validate_unique()
        obj.validate_constraints()
        obj._history_user = request.user
        obj._change_reason = "Recovered after deletion"
        obj.save()
        self._keep_creation_dates(obj, record)
        self._restore_m2m(obj, record)
        restored, skipped = self._restore_children(request, obj, record)
        return obj, restored, skipped

    @staticmethod
    def _keep_creation_dates(obj, record):
        # An INSERT always stamps auto_now_add fields with the current time; put the original back.
        originals = {
            field.attname: getattr(record, field.attname)
            for field in obj._meta.concrete_fields
            if getattr(field, "auto_now_add", False) and hasattr(record, field.attname)
        }
        if originals:
            type(obj)._default_manager.filter(pk=obj.pk).update(**originals)

    @staticmethod
    def _restore_m2m(obj, record):
        m2m_fields = getattr(record, "_history_m2m_fields", [])
        if not m2m_fields:
            return
        # The "deleted" row has no links (they went first); the version before it has them.
        before = (
            type(record)
            ._default_manager.filter(**{obj._meta.pk.attname: obj.pk}, history_date__lt=record.history_date)
            .exclude(history_type="-")
            .order_by("-history_date")
            .first()
        )
        if before is None:
            return
        for field in m2m_fields:
            target = get_m2m_reverse_field_name(field)
            ids = [getattr(row, f"{target}_id") for row in getattr(before, field.name).all()]
            existing = field.related_model._default_manager.filter(pk__in=ids)
            getattr(obj, field.name).set(existing)

    @staticmethod
    def _restore_children(request, obj, record):
        restored = skipped = 0
        for relation in obj._meta.related_objects:
            child_model = relation.related_model
            manager_name = getattr(child_model._meta, "simple_history_manager_attribute", None)
            if not relation.one_to_many or relation.on_delete is not models.CASCADE or manager_name is None:
                continue
            fk = relation.field
            rows = getattr(child_model, manager_name).filter(
                **{fk.attname: obj.pk},
                history_type="-",
                history_user=record.history_user,
                history_date__range=(record.history_date - CASCADE_WINDOW, record.history_date),
            )
            for row in rows.order_by("history_date"):
                child = row.instance
                if child_model._default_manager.filter(pk=child.pk).exists():
                    continue
                if not _references_exist(child, skip=fk):
                    skipped += 1
                    continue
                child._history_user = request.user
                child._change_reason = f"Recovered with {obj}"
                child.save()
                restored += 1
        return restored, skipped

    def _can_publish(self, request):
        return issubclass(self.model, Publishable) and request.user.has_perm(publish_permission(self.model))


def _references_exist(instance, skip):
    """True when every foreign key of ``instance`` (other than ``skip``) points at an existing row."""
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field == skip:
            continue
        value = getattr(instance, field.attname)
        if value is not None and not field.related_model._default_manager.filter(pk=value).exists():
            return False
    return True


# The publication workflow ------------------------------------------------------------------------


def _live_status(obj):
    """The status ``obj`` has in the database now (an old version shown by the history has its own)."""
    if obj is None or obj.pk is None:
        return None
    if to_historic(obj) is not None:
        return type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    return obj.status


class PublishableForm(ConcurrentEditForm):
    """The admin form of a publishable record: the status choices are the ones the user may give.

    ``PublishableAdmin.get_form`` sets ``user`` and ``current_status`` on the form class.
    """

    user = None
    current_status = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is not None:
            allowed = self.allowed_statuses()
            field.choices = [(value, label) for value, label in Status.choices if value in allowed]
            field.error_messages["invalid_choice"] = self._refusal()

    def allowed_statuses(self):
        return allowed_statuses(self.user, self._meta.model, self.current_status)

    def _refusal(self):
        return (
            "You cannot give this record that status: only publishers publish, unpublish and retire. "
            "Save it as a draft or submit it for review."
        )

    def clean_status(self):
        # The choices already refuse it; this check stays if a later change widens the choices.
        status = self.cleaned_data["status"]
        if status not in self.allowed_statuses():
            raise ValidationError(self._refusal())
        return status


class PublishableAdmin(CuratedAdmin):
    """Events, agreements and people: draft -> in review -> published, and retired.

    Editors create and edit drafts and submit them for review; publishers (the model's
    ``publish_<model>`` permission) also publish, unpublish and retire. A record that is live
    (published or retired) is read-only to anyone who cannot publish: a publisher unpublishes it
    or edits it.
    """

    form = PublishableForm
    actions = ["submit_for_review", "publish", "unpublish", "retire"]
    publication_fields = ["status", "retired_notice", "published_at", "created_at", "updated_at"]
    readonly_fields = ["published_at", "created_at", "updated_at"]

    def has_publish_permission(self, request):
        return request.user.has_perm(publish_permission(self.model))

    def _locked(self, request, obj):
        return _live_status(obj) in PUBLIC_STATUSES and not self.has_publish_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(request, obj)

    def get_deleted_objects(self, objs, request):
        # "Delete selected" asks for the delete permission without an object: refuse it here when
        # the selection holds live records the user may not delete one by one.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not self.has_publish_permission(request) and any(obj.status in PUBLIC_STATUSES for obj in objs):
            perms_needed.add(f"published or retired {self.model._meta.verbose_name_plural}")
        return deleted, counts, perms_needed, protected

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        form.current_status = _live_status(obj)
        return form

    def save_model(self, request, obj, form, change):
        before = None  # The status this save moves the record from, if it moves it.
        if to_historic(obj) is not None:
            # A revert: compare with the record as it is now, and keep its first publication date.
            live = type(obj)._default_manager.values("status", "published_at").get(pk=obj.pk)
            obj.published_at = obj.published_at or live["published_at"]
            before = live["status"]
        elif change and "status" in form.changed_data:
            before = form.initial["status"]
        if not change or (before is not None and before != obj.status):
            obj.set_status(obj.status)  # Stamps published_at on the first publication.
        if before is not None and before != obj.status:
            obj._change_reason = f"Status: {Status(before).label} → {obj.get_status_display()}"
        super().save_model(request, obj, form, change)

    @admin.display(description="status", ordering="status")
    def publication_status(self, obj):
        return format_html('<span class="status status-{}">{}</span>', obj.status, obj.get_status_display())

    # Bulk actions: each record is saved on its own, so its history names the user and the change.

    def _move(self, request, queryset, target, *, from_statuses, done):
        moved = skipped = 0
        with transaction.atomic():
            for obj in queryset:
                if (
                    obj.status not in from_statuses
                    or target not in allowed_statuses(request.user, self.model, obj.status)
                    or not self.has_change_permission(request, obj)
                ):
                    skipped += 1
                    continue
                before = obj.get_status_display()
                obj.set_status(target)
                obj._history_user = request.user
                obj._change_reason = f"Status: {before} → {obj.get_status_display()}"
                obj.save()
                self.log_change(request, obj, [{"changed": {"fields": ["status"]}}])
                moved += 1
        if moved:
            self.message_user(request, f"{done} {moved} {model_ngettext(self.opts, moved)}.", messages.SUCCESS)
        if skipped:
            labels = ", ".join(str(Status(status).label).lower() for status in from_statuses)
            self.message_user(
                request,
                f"Skipped {skipped} {model_ngettext(self.opts, skipped)}: only {labels} records can be "
                f"{done.lower()}, by someone allowed to.",
                messages.WARNING,
            )

    @admin.action(description="Submit selected %(verbose_name_plural)s for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(request, queryset, Status.REVIEW, from_statuses=[Status.DRAFT], done="Submitted for review")

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish(self, request, queryset):
        unpublished = [Status.DRAFT, Status.REVIEW, Status.RETIRED]
        self._move(request, queryset, Status.PUBLISHED, from_statuses=unpublished, done="Published")

    @admin.action(description="Unpublish selected %(verbose_name_plural)s (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._move(request, queryset, Status.DRAFT, from_statuses=list(PUBLIC_STATUSES), done="Unpublished")

    @admin.action(
        description="Retire selected %(verbose_name_plural)s (stay online with a notice)", permissions=["publish"]
    )
    def retire(self, request, queryset):
        self._move(request, queryset, Status.RETIRED, from_statuses=[Status.PUBLISHED], done="Retired")


# Filters -----------------------------------------------------------------------------------------


class DecadeListFilter(admin.SimpleListFilter):
    """Filter on an uncertain date by decade (or by century when the records span centuries).

    A record counts for every decade its [lower, upper] range overlaps, the way the public site's
    date filter does: "193X" and "1929/1931" are both found under the 1930s.
    """

    title = "decade"
    parameter_name = "decade"
    lower_field = "date_lower"
    upper_field = "date_upper"
    UNDATED = "undated"
    MAX_DECADES = 30

    def lookups(self, request, model_admin):
        span = model_admin.model._default_manager.aggregate(
            a=Min(self.lower_field), b=Max(self.lower_field), c=Min(self.upper_field), d=Max(self.upper_field)
        )
        years = [day.year for day in span.values() if day is not None]
        choices = []
        if years:
            step = 10 if (max(years) - min(years)) // 10 < self.MAX_DECADES else 100
            first = min(years) // step * step
            for start in range(first, max(years) + 1, step):
                label = f"{start}s" if step == 10 else f"{start}–{start + 99}"
                choices.append((f"{start}-{start + step - 1}", label))
        choices.append((self.UNDATED, "Undated"))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == self.UNDATED:
            return queryset.filter(**{f"{self.lower_field}__isnull": True, f"{self.upper_field}__isnull": True})
        try:
            first, last = (int(year) for year in value.split("-"))
            start, end = year_start(first), year_end(last)
        except ValueError:
            return queryset.none()
        return queryset.filter(overlaps(self.lower_field, self.upper_field, start, end))
