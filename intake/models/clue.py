"""The clue (线索/事件): anything that may need enforcement, from every source, before a case exists.

Only `intake.services.clue_transition` writes `Clue.state`; the states and moves are in `intake.workflow`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class Source(models.TextChoices):
    HOTLINE = "hotline", _("12345 hotline work order")
    PHONE = "phone", _("phone complaint")
    WALK_IN = "walk_in", _("walk-in complaint")
    GRID = "grid", _("grid worker report")
    AUXILIARY = "auxiliary", _("auxiliary staff report")
    DEPARTMENT = "department", _("transferred by a department")
    INSPECTION = "inspection", _("found in inspection")
    PATROL = "patrol", _("found on patrol")
    ASSIGNED = "assigned", _("assigned by a higher authority")
    MEDIA = "media", _("media report")
    VIDEO = "video", _("video / AI alert")


# Sources whose reporter is a member of the public (a reply is owed when they left contact details).
PUBLIC_SOURCES = {Source.HOTLINE, Source.PHONE, Source.WALK_IN, Source.MEDIA}


class Urgency(models.TextChoices):
    URGENT = "urgent", _("urgent")
    NORMAL = "normal", _("normal")


class State(models.TextChoices):
    NEW = "new", _("received, awaiting triage")
    TRIAGED = "triaged", _("triaged, awaiting dispatch")
    ESCALATED = "escalated", _("escalated to the county centre")
    DISPATCHED = "dispatched", _("dispatched, awaiting acknowledgement")
    RETURNED = "returned", _("refused, awaiting re-dispatch")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ARRIVED = "arrived", _("officers on the spot")
    WARNING = "warning", _("early warning, rectification period")
    UNRECTIFIED = "unrectified", _("not rectified, case to be filed")
    CLOSED = "closed", _("clue closed")
    MERGED = "merged", _("merged into another clue")


OPEN_STATES = (State.NEW, State.TRIAGED, State.ESCALATED, State.DISPATCHED, State.RETURNED, State.ACKNOWLEDGED,
               State.ARRIVED, State.WARNING, State.UNRECTIFIED)
FINAL_STATES = (State.CLOSED, State.MERGED)
# Waiting for the officers to reach the spot: the response deadline runs.
RESPONSE_STATES = (State.DISPATCHED, State.ACKNOWLEDGED)
# The dispatched officers hold the clue (their task list).
FIELD_STATES = (State.DISPATCHED, State.ACKNOWLEDGED, State.ARRIVED, State.WARNING, State.UNRECTIFIED)


class Outcome(models.TextChoices):
    NONE = "", _("none yet")
    NOT_ACCEPTED = "not_accepted", _("not accepted (no enforcement matter)")
    NO_VIOLATION = "no_violation", _("no violation found")
    HANDLED = "handled", _("handled on the spot without a case")
    RECTIFIED = "rectified", _("early warning, rectified")
    CASE_FILED = "case_filed", _("case filed")
    TRANSFERRED = "transferred", _("transferred to another department")


class Level(models.TextChoices):
    TOWNSHIP = "township", _("township command room")
    BUREAU = "bureau", _("county command centre")


class ClueSequence(models.Model):
    """The last clue number of a year (codes XS2026000001 …), locked while a code is issued."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("clue number sequence")
        verbose_name_plural = _("clue number sequences")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Clue(models.Model):
    code = models.CharField(_("clue number"), max_length=20, unique=True)
    source = models.CharField(_("clue source"), max_length=12, choices=Source.choices)
    external_number = models.CharField(_("external work-order number"), max_length=64, null=True, blank=True,
                                       help_text=_("The 12345 work-order number or the sender's reference."))
    payload_hash = models.CharField(_("pushed payload hash"), max_length=64, blank=True)
    source_department = models.ForeignKey("townships.Department", verbose_name=_("transferring department"),
                                          null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="clues_transferred")

    # Reporter (举报人/诉求人): protected like party data; anonymous reports have none.
    reporter_anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name_encrypted = models.TextField(_("reporter name (encrypted)"), blank=True)
    reporter_name_masked = models.CharField(_("reporter"), max_length=20, blank=True)
    reporter_phone_encrypted = models.TextField(_("reporter phone (encrypted)"), blank=True)
    reporter_phone_masked = models.CharField(_("reporter phone"), max_length=20, blank=True)
    reporter_phone_hash = models.CharField(_("reporter phone hash"), max_length=64, blank=True, db_index=True)

    description = models.TextField(_("what was reported"))
    address = models.CharField(_("address"), max_length=200)
    address_key = models.CharField(_("normalised address"), max_length=200, blank=True, editable=False)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    subject_name = models.CharField(_("suspected party"), max_length=200, blank=True)
    subject_key = models.CharField(_("normalised party"), max_length=200, blank=True, editable=False)
    occurred_at = models.DateTimeField(_("time of the matter"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)

    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="clues")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="clues")
    item = models.ForeignKey("catalog.Item", verbose_name=_("enforcement item"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="clues")
    level = models.CharField(_("handled by"), max_length=10, choices=Level.choices, default=Level.TOWNSHIP)
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.NEW)

    # The current dispatch, copied here so that the board and the lists need no join.
    current_dispatch = models.ForeignKey("intake.Dispatch", verbose_name=_("current dispatch"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    response_deadline = models.DateTimeField(_("on the spot by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)

    outcome = models.CharField(_("clue outcome"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome notes"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="duplicates")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="source_clues")
    transferred_to = models.ForeignKey("townships.Department", verbose_name=_("transferred to department"),
                                       null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="clues_received")
    transfer_receipt = models.CharField(_("transfer receipt number"), max_length=100, blank=True)
    patrol = models.ForeignKey("intake.Patrol", verbose_name=_("found on patrol"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="findings")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="clues_created")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township", department="source_department")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("clue")
        verbose_name_plural = _("clues")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_number"], condition=Q(external_number__isnull=False),
                                    name="clue_external_number_unique"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="clue_state_valid"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="clue_source_valid"),
            models.CheckConstraint(condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                                   name="clue_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                                   name="clue_longitude_range"),
        ]
        indexes = [
            # Lists (keyset on received_at, id): county-wide, per township, per state.
            models.Index(fields=["-received_at", "-id"], name="clue_recent"),
            models.Index(fields=["township", "-received_at", "-id"], name="clue_township_recent"),
            models.Index(fields=["state", "-received_at", "-id"], name="clue_state_recent"),
            # The board: open clues only (a small part of a million rows).
            models.Index(fields=["township", "state", "urgency"], condition=Q(state__in=OPEN_STATES),
                         name="clue_open_board"),
            models.Index(fields=["response_deadline"], condition=Q(state__in=RESPONSE_STATES),
                         name="clue_response_due"),
            # Triage: duplicates at the same address / party, recent first.
            models.Index(fields=["address_key", "received_at"], name="clue_address_recent"),
            models.Index(fields=["subject_key", "received_at"], condition=~Q(subject_key=""),
                         name="clue_subject_recent"),
            models.Index(fields=["latitude", "longitude"], condition=Q(latitude__isnull=False),
                         name="clue_position"),
            models.Index(fields=["case"], condition=Q(case__isnull=False), name="clue_case"),
            # The list's search box: the work-order number (the address and party grams: migration 0003).
            models.Index(fields=["external_number"], condition=Q(external_number__isnull=False),
                         name="clue_external_number"),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both latitude and longitude, or neither.")
        if self.occurred_at and self.received_at and self.occurred_at > self.received_at:
            errors["occurred_at"] = _("The matter cannot have happened after it was received.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def awaits_arrival(self):
        return self.state in RESPONSE_STATES

    @property
    def is_overdue(self):
        return bool(self.state in RESPONSE_STATES and self.response_deadline
                    and self.response_deadline < timezone.now())


class ClueEvent(models.Model):
    """Append-only timeline of a clue: every transition and edit (who, when, from → to, note)."""

    clue = models.ForeignKey(Clue, verbose_name=_("clue"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=14, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=14, choices=State.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="clue_events")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    SCOPE = ScopeRule(township="clue__township", department="clue__source_department")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("clue event")
        verbose_name_plural = _("clue events")
        indexes = [models.Index(fields=["clue", "created_at"])]

    def __str__(self):
        return f"{self.clue_id} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Clue events are append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Clue events are append-only."))


class Attachment(models.Model):
    """A photo (or other file) of a clue: from the reporter, on arrival, of the result or the re-check."""

    class Stage(models.TextChoices):
        INTAKE = "intake", _("with the report")
        ARRIVAL = "arrival", _("on arrival")
        RESULT = "result", _("result")
        RECHECK = "recheck", _("re-check")

    clue = models.ForeignKey(Clue, verbose_name=_("clue"), on_delete=models.PROTECT, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.INTAKE)
    file = models.FileField(_("file"), upload_to="clues/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="clue_attachments")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    SCOPE = ScopeRule(township="clue__township", department="clue__source_department")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("clue attachment")
        verbose_name_plural = _("clue attachments")

    def __str__(self):
        return f"{self.clue_id} {self.original_name}"
