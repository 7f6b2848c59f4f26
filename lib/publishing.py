"""The publication workflow shared by events, agreements and people.

draft -> in review -> published, plus retired (still online, with a notice that it is no longer
maintained). Readers see published and retired records only; staff may preview the rest.
Who may move a record between states is decided by ``allowed_transitions`` and enforced in the
admin forms and actions, never only in the templates.
"""

from django.db import models
from django.utils import timezone

from lib.loading import QuickLoad

DEFAULT_RETIRED_NOTICE = (
    "This record has been retired: it stays online for reference but is no longer maintained or updated."
)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETIRED)


class PublishableQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        """Records a visitor may see: published and retired ones."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user):
        """Everything for staff (so they can preview drafts), public records for everyone else."""
        if sees_drafts(user):
            return self.all()
        return self.published()


def sees_drafts(user):
    """Whether ``user`` sees records that are not public (PublishableQuerySet.visible_to())."""
    return user.is_authenticated and user.is_staff


class Publishable(QuickLoad, models.Model):
    """Columns every curated, publishable record carries; rows of them load quickly (lib.loading)."""

    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published and retired records are shown to the public.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the record was first published."
    )
    retired_notice = models.TextField(
        blank=True,
        help_text="Shown on retired records. Leave empty for the standard notice.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    @property
    def is_retired(self):
        return self.status == Status.RETIRED

    @property
    def notice(self):
        return self.retired_notice or DEFAULT_RETIRED_NOTICE

    def set_status(self, status):
        """Move to ``status``; the first publication is dated. The caller checks permission."""
        self.status = status
        if status in PUBLIC_STATUSES and self.published_at is None:
            self.published_at = timezone.now()


def publish_permission(model):
    """The codename of the permission that lets a user publish, unpublish and retire ``model``."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def allowed_statuses(user, model, current):
    """The statuses ``user`` may give a record of ``model`` that currently has ``current``.

    Editors move records between draft and review; publishers (who hold the model's
    ``publish_<model>`` permission) may also publish, unpublish and retire.
    """
    if user.has_perm(publish_permission(model)):
        return set(Status.values)
    if current in PUBLIC_STATUSES:
        return {current}
    return {Status.DRAFT, Status.REVIEW}
