"""Case handling (行政处罚案件): cases, their append-only timeline, evidence, legality reviews, documents.

Only `cases.services.case_transition` writes `Case.status`; the states and moves are in `cases.workflow`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import DiscretionLevel
from enforcement.accounts.scoping import ScopeRule

from .models_execution import ExecutionFields


class Procedure(models.TextChoices):
    SIMPLE = "simple", _("simple procedure")
    ORDINARY = "ordinary", _("ordinary procedure")


class Source(models.TextChoices):
    PATROL = "patrol", _("patrol")
    COMPLAINT = "complaint", _("complaint or report")
    DEPARTMENT = "department", _("transferred by a department")
    WARNING = "warning", _("early warning")
    INSPECTION = "inspection", _("found in inspection")
    ASSIGNED = "assigned", _("assigned by a higher authority")


class PartyType(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    ORGANISATION = "organisation", _("organisation")


class Status(models.TextChoices):
    NEW = "new", _("new")
    CLUE = "clue", _("clue registered")
    INVESTIGATING = "investigating", _("filed, under investigation")
    NOTIFIED = "notified", _("notified, statement and defence")
    HEARING = "hearing", _("hearing")
    TOWNSHIP_REVIEW = "township_review", _("legal review (township sub-centre)")
    DISTRICT_REVIEW = "district_review", _("legal review (district centre)")
    RETURNED = "returned", _("returned by legal review")
    REVIEWED = "reviewed", _("legal review approved")
    DISCUSSED = "discussed", _("collective discussion held")
    DECIDED = "decided", _("decided")
    DELIVERED = "delivered", _("delivered")
    EXECUTED = "executed", _("executed")
    CLOSED = "closed", _("closed")
    ARCHIVED = "archived", _("archived")
    NOT_FILED = "not_filed", _("not filed")
    REVOKED = "revoked", _("filing revoked")
    TRANSFERRED = "transferred", _("transferred to another agency")
    # After the decision (issue 12): 催告 (行政强制法 art. 54), application to the court (art. 53).
    REMINDED = "reminded", _("unpaid, reminder (催告) issued")
    ENFORCEMENT_APPLIED = "enforcement_applied", _("court enforcement applied for")
    EXECUTION_TERMINATED = "execution_terminated", _("execution terminated")
    DECISION_REVOKED = "decision_revoked", _("decision revoked on review or by the court")


# States after which nothing about the case may change any more (SECURITY §19).
FINAL_STATES = {Status.CLOSED, Status.ARCHIVED, Status.NOT_FILED, Status.REVOKED, Status.TRANSFERRED}
# States before a decision: the 90-day clock (art. 60) runs.
UNDECIDED_STATES = {
    Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING, Status.TOWNSHIP_REVIEW, Status.DISTRICT_REVIEW,
    Status.RETURNED, Status.REVIEWED, Status.DISCUSSED,
}
# The same states in a fixed order: the condition of the partial indexes (a set's order varies by process).
UNDECIDED_LIST = sorted(UNDECIDED_STATES)
# Cases that are, or ever were, past their deadline: the predicate of the index `case_ever_overdue_recent`;
# queries for "overdue on a day" repeat it (it follows from theirs) so that the planner can use that index.
EVER_OVERDUE_Q = Q(deadline__isnull=False) & (Q(status__in=UNDECIDED_LIST) | Q(decided_on__gt=F("deadline")))
# States in which a decided fine may still be unpaid (the unpaid list, art. 72 surcharge, 行政强制法 art. 54).
UNPAID_LIST = sorted({Status.DELIVERED, Status.REMINDED, Status.ENFORCEMENT_APPLIED})


class DecisionType(models.TextChoices):
    PENALTY = "penalty", _("administrative penalty")
    NO_PENALTY = "no_penalty", _("no administrative penalty")


class NoPenaltyGround(models.TextChoices):
    """The statutory grounds for not imposing a penalty (art. 30, 31, 33): open on every penalty item; the
    不予处罚 list is the presumption, off the list the decision needs legality review."""

    FIRST_VIOLATION = "first_violation", _("first violation with minor harm, corrected in time")
    MINOR = "minor", _("minor violation corrected promptly without harmful consequences")
    NO_FAULT = "no_fault", _("the party proves no subjective fault")
    UNDER_14 = "under_14", _("a minor under 14 at the time")
    MENTAL_ILLNESS = "mental_illness", _("mental illness or intellectual disability: could not judge or control "
                                         "the act at the time")


# The provision of each ground, as the 不予处罚决定书 cites it.
NO_PENALTY_ARTICLES = {
    NoPenaltyGround.FIRST_VIOLATION: "第三十三条第一款",
    NoPenaltyGround.MINOR: "第三十三条第一款",
    NoPenaltyGround.NO_FAULT: "第三十三条第二款",
    NoPenaltyGround.UNDER_14: "第三十条",
    NoPenaltyGround.MENTAL_ILLNESS: "第三十一条",
}


class MitigationGround(models.TextChoices):
    """Grounds for a lighter (从轻) or reduced (减轻, below the legal minimum) penalty, art. 30–32."""

    MINOR_14_18 = "minor_14_18", _("aged 14 to 17 at the time (art. 30)")
    LIMITED_CAPACITY = "limited_capacity", _("mental illness or intellectual disability not fully depriving "
                                             "the party of judgement or control (art. 31)")
    ELIMINATED_HARM = "eliminated_harm", _("actively eliminated or reduced the harmful consequences (art. 32 (一))")
    COERCED = "coerced", _("coerced or deceived by others (art. 32 (二))")
    CONFESSED = "confessed", _("confessed violations the agency did not know of (art. 32 (三))")
    MERITORIOUS = "meritorious", _("cooperated in the investigation with meritorious conduct (art. 32 (四))")
    OTHER_LAW = "other_law", _("another law, regulation or rule provides for it (art. 32 (五))")


class CorrectionOutcome(models.TextChoices):
    PENDING = "", _("pending")
    CORRECTED = "corrected", _("corrected within the deadline")
    UNCORRECTED = "uncorrected", _("not corrected within the deadline")


class StatementOutcome(models.TextChoices):
    NONE = "", _("not recorded")
    WAIVED = "waived", _("waived statement and defence")
    ACCEPTED = "accepted", _("statement accepted")
    REJECTED = "rejected", _("statement not accepted")
    EXPIRED = "expired", _("no statement within the period")


class CaseQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(status__in=UNDECIDED_STATES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.undecided().filter(deadline__lt=today)


class Case(ExecutionFields, models.Model):
    code = models.CharField(_("action code"), max_length=40, unique=True)
    request_id = models.CharField(_("client request id"), max_length=64, null=True, blank=True, unique=True)
    procedure = models.CharField(_("procedure"), max_length=10, choices=Procedure.choices)
    proposed_procedure = models.CharField(_("proposed procedure"), max_length=10, choices=Procedure.choices,
                                          blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PATROL)
    item = models.ForeignKey("catalog.Item", verbose_name=_("enforcement item"), on_delete=models.PROTECT,
                             related_name="cases")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="cases",
                                 help_text=_("Empty for cases handled by the bureau itself."))
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="cases")
    transferred_from = models.ForeignKey("townships.Department", verbose_name=_("transferred from department"),
                                         null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="transferred_cases")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)

    # Party (当事人). Identity number, phone and address are encrypted; hashes allow exact search.
    party_type = models.CharField(_("party type"), max_length=16, choices=PartyType.choices)
    party_name = models.CharField(_("party name"), max_length=200)
    party_id_encrypted = models.TextField(_("ID / USCC number (encrypted)"), blank=True)
    party_id_hash = models.CharField(_("ID / USCC number hash"), max_length=64, blank=True, db_index=True)
    party_id_masked = models.CharField(_("ID / USCC number"), max_length=40, blank=True)
    party_phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    party_phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    party_address_encrypted = models.TextField(_("address (encrypted)"), blank=True)

    location = models.CharField(_("place of the violation"), max_length=200)
    # Where it was (WGS-84, ADR 0012), e.g. captured by the phone when the officer allows it.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    facts = models.TextField(_("facts"))
    violation_date = models.DateField(_("date of the violation"))
    # Art. 36: a continuing or repeated violation counts from the day it ended; five years instead of two only
    # where life, health or financial safety is involved AND there are harmful consequences (both recorded).
    violation_ended_on = models.DateField(_("violation ended on (continuing or repeated act)"), null=True, blank=True)
    safety_involved = models.BooleanField(_("involves life, health or financial safety"), default=False)
    harmful_consequences = models.BooleanField(_("harmful consequences"), default=False)
    discovered_on = models.DateField(_("date discovered"))
    filed_on = models.DateField(_("date filed"), null=True, blank=True, db_index=True)
    decided_on = models.DateField(_("date decided"), null=True, blank=True, db_index=True)
    delivered_on = models.DateField(_("date delivered"), null=True, blank=True)
    # Art. 61: delivered after the 7-working-day delivery deadline (set by the delivery; listed and badged).
    delivered_late = models.BooleanField(_("delivered late (art. 61)"), default=False)
    closed_on = models.DateField(_("date closed"), null=True, blank=True, db_index=True)
    # The statistics' case date (ADR 0006): filing, else the decision of an on-the-spot case. Computed and
    # stored by the database on every write (services, admin, bulk loads alike), so it is indexable.
    case_date = models.GeneratedField(verbose_name=_("case date"), expression=Coalesce("filed_on", "decided_on"),
                                      output_field=models.DateField(), db_persist=True)
    archived_on = models.DateField(_("date archived"), null=True, blank=True)

    officers = models.ManyToManyField("townships.Officer", verbose_name=_("handling officers"),
                                      related_name="cases", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="cases_created")

    # Intended penalty at registration (繁简分流), notified penalty (告知, art. 44) and the decision.
    proposed_penalty_kinds = models.JSONField(_("intended penalty kinds"), default=list, blank=True)
    proposed_fine = models.DecimalField(_("intended fine (yuan)"), max_digits=14, decimal_places=2, null=True,
                                        blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_penalty_kinds = models.JSONField(_("notified penalty kinds"), default=list, blank=True)
    notice_fine = models.DecimalField(_("notified fine (yuan)"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    notice_confiscation = models.DecimalField(_("notified confiscation (yuan)"), max_digits=14, decimal_places=2,
                                              null=True, blank=True)
    statement_deadline = models.DateField(_("statement deadline"), null=True, blank=True)
    statement_outcome = models.CharField(_("statement and defence"), max_length=10,
                                         choices=StatementOutcome.choices, blank=True)
    statement_note = models.TextField(_("statement and defence notes"), blank=True)
    statement_on = models.DateField(_("statement recorded on"), null=True, blank=True)
    hearing_request_deadline = models.DateField(_("hearing request deadline"), null=True, blank=True)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    # Art. 63, 64: the party's written waiver of the hearing (书面放弃听证), which ends the waiting period.
    hearing_waived_on = models.DateField(_("hearing waived on"), null=True, blank=True)
    hearing_waiver_note = models.TextField(_("written hearing waiver"), blank=True)
    hearing_notice_date = models.DateField(_("hearing notice date"), null=True, blank=True)
    hearing_date = models.DateField(_("hearing date"), null=True, blank=True)
    hearing_held = models.BooleanField(_("hearing held"), default=False)
    hearing_held_on = models.DateField(_("hearing held on"), null=True, blank=True)

    correction_ordered_on = models.DateField(_("correction order issued on"), null=True, blank=True)
    correction_deadline = models.DateField(_("correction deadline"), null=True, blank=True)
    correction_outcome = models.CharField(_("correction outcome"), max_length=12,
                                          choices=CorrectionOutcome.choices, blank=True)
    correction_checked_on = models.DateField(_("correction checked on"), null=True, blank=True)

    is_major = models.BooleanField(_("major case"), default=False)
    major_reasons = models.JSONField(_("major-case reasons"), default=list, blank=True)
    marked_complex = models.BooleanField(_("marked complex (疑难复杂)"), default=False)
    discussion_on = models.DateField(_("collective discussion date"), null=True, blank=True)
    discussion_note = models.TextField(_("collective discussion record"), blank=True)

    decision_type = models.CharField(_("decision"), max_length=12, choices=DecisionType.choices, blank=True)
    penalty_kinds = models.JSONField(_("penalty kinds"), default=list, blank=True)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation_amount = models.DecimalField(_("confiscation (yuan)"), max_digits=14, decimal_places=2,
                                              null=True, blank=True)
    discretion_level = models.CharField(_("circumstances (discretion tier)"), max_length=16, blank=True,
                                        choices=DiscretionLevel.choices)
    mitigation_ground = models.CharField(_("ground for a lighter or reduced penalty"), max_length=20, blank=True,
                                         choices=MitigationGround.choices)
    discretion_reason = models.TextField(_("reason for a fine outside the discretion band"), blank=True)
    no_penalty_grounds = models.CharField(_("no-penalty grounds"), max_length=20, choices=NoPenaltyGround.choices,
                                          blank=True)
    decision_text = models.TextField(_("decision reasoning"), blank=True)

    # Deadlines: 90 days to decide (art. 60), 7 working days to deliver (art. 61, 85), payment in 15 days.
    deadline = models.DateField(_("decision deadline"), null=True, blank=True, db_index=True)
    extension_days = models.PositiveIntegerField(_("extension (days)"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("approved extensions (art. 60)"), default=0)
    delivery_deadline = models.DateField(_("delivery deadline"), null=True, blank=True)
    payment_due = models.DateField(_("payment due"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid (yuan)"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    surcharge_amount = models.DecimalField(_("late-payment surcharge (yuan)"), max_digits=14, decimal_places=2,
                                           null=True, blank=True)
    bank_receipt_number = models.CharField(_("bank receipt number"), max_length=64, blank=True)

    closing_reason = models.TextField(_("reason (not filed / revoked / transferred)"), blank=True)
    transferred_to = models.CharField(_("transferred to agency"), max_length=200, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CaseQuerySet.as_manager()
    SCOPE = ScopeRule(township="township", department="transferred_from")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                                   name="case_fine_not_negative"),
            models.CheckConstraint(condition=Q(proposed_fine__isnull=True) | Q(proposed_fine__gte=0),
                                   name="case_proposed_fine_not_negative"),
            models.CheckConstraint(condition=Q(notice_fine__isnull=True) | Q(notice_fine__gte=0),
                                   name="case_notice_fine_not_negative"),
            models.CheckConstraint(condition=Q(notice_confiscation__isnull=True) | Q(notice_confiscation__gte=0),
                                   name="case_notice_confiscation_not_negative"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="case_status_valid"),
            models.CheckConstraint(condition=Q(procedure__in=Procedure.values), name="case_procedure_valid"),
        ]
        indexes = [
            # The list pages and API: newest first, overall and per township (benchmark at 1,000,000 cases).
            # The case date in the key lets a case-date range be checked inside the index while it is walked
            # newest first; created_by lets the capped count of "my cases" run on the index alone.
            models.Index(fields=["-created_at", "-id", "case_date"], name="case_recent"),
            models.Index(fields=["township", "-created_at", "-id", "case_date"], include=["created_by"],
                         name="case_township_recent"),
            models.Index(fields=["township", "status", "-created_at"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["item", "created_at"]),
            models.Index(fields=["procedure", "created_at"]),
            # Issue 14 (1,000,000 cases): the dashboard drill-down's case-date range, and the open cases
            # (about 3 % of all) newest first with their deadline in the key, so that `overdue=1` walks only
            # open cases and skips those not yet due inside the index.
            models.Index(fields=["status", "-created_at", "-id"], name="case_status_recent"),
            models.Index(fields=["-created_at", "-id"], name="case_major_recent", condition=Q(is_major=True)),
            # Art. 61: the late deliveries (a few per cent of all) newest first, for `late_delivery=1`.
            models.Index(fields=["-created_at", "-id"], name="case_late_delivery_recent",
                         condition=Q(delivered_late=True)),
            models.Index(fields=["case_date"], name="case_case_date"),
            models.Index(fields=["township", "case_date"], name="case_township_case_date"),
            models.Index(fields=["-created_at", "-id", "deadline"], name="case_open_recent",
                         condition=Q(status__in=UNDECIDED_LIST)),
            models.Index(fields=["township", "-created_at", "-id", "deadline"], name="case_open_township_recent",
                         condition=Q(status__in=UNDECIDED_LIST)),
            # Issue 14: "overdue on a past day" (the dashboard's drill-down, art. 60) walks only the cases that
            # are or ever were past their deadline (still undecided, or decided after it), newest first.
            models.Index(fields=["-created_at", "-id"], name="case_ever_overdue_recent",
                         include=["deadline", "filed_on", "decided_on", "status", "township"],
                         condition=EVER_OVERDUE_Q),
            # Issue 12: the unpaid list walks only decided fines that may still be unpaid, by due day.
            models.Index(fields=["payment_next_due", "id"], name="case_unpaid_due",
                         condition=Q(status__in=UNPAID_LIST)),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        errors = {}
        if self.violation_date and self.discovered_on and self.violation_date > self.discovered_on:
            errors["violation_date"] = _("The violation cannot be later than its discovery.")
        if self.violation_ended_on and self.violation_date and self.violation_ended_on < self.violation_date:
            errors["violation_ended_on"] = _("A continuing violation cannot end before it began.")
        if self.fine_amount is not None and self.fine_amount < 0:
            errors["fine_amount"] = _("The fine cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def limitation_years(self):
        """Art. 36: 5 years only with life, health or financial safety involved and harmful consequences."""
        return 5 if self.safety_involved and self.harmful_consequences else 2

    @property
    def limitation_start(self):
        """Art. 36 (2): from the day the act ended for a continuing or repeated violation."""
        return self.violation_ended_on or self.violation_date

    @property
    def is_final(self):
        return self.status in FINAL_STATES

    @property
    def days_since_filing(self):
        if not self.filed_on:
            return None
        return (timezone.localdate() - self.filed_on).days


class CaseEvent(models.Model):
    """Append-only timeline: every transition and edit of a case (who, when, from → to, note)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="case_events")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.case_id} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Case events are append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Case events are append-only."))


class Evidence(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        VIDEO = "video", _("video")
        AUDIO = "audio", _("audio recording")
        DOCUMENT = "document", _("document")
        NOTE = "note", _("note")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    description = models.TextField(_("description"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="evidence_uploaded")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.case_id} {self.original_name or self.kind}"


class ReviewLevel(models.TextChoices):
    TOWNSHIP = "township", _("township sub-centre")
    DISTRICT = "district", _("district centre")


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for correction")


class Review(models.Model):
    """One legality review (法制审核, art. 58) of a case at one level."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="reviews")
    level = models.CharField(_("level"), max_length=10, choices=ReviewLevel.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
                                 related_name="reviews")
    opinion = models.TextField(_("opinion"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("legality review")
        verbose_name_plural = _("legality reviews")
        indexes = [models.Index(fields=["case", "level", "outcome"])]

    def __str__(self):
        return f"{self.case_id} {self.level} {self.outcome}"


class DocumentKind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", _("case filing approval form")
    PENALTY_NOTICE = "penalty_notice", _("advance notice of administrative penalty")
    PENALTY_DECISION = "penalty_decision", _("administrative penalty decision")
    NO_PENALTY_DECISION = "no_penalty_decision", _("decision not to impose an administrative penalty")
    CORRECTION_ORDER = "correction_order", _("order to correct")
    SPOT_DECISION = "spot_decision", _("on-the-spot penalty decision")
    PAYMENT_REMINDER = "payment_reminder", _("reminder to perform (催告书)")
    ENFORCEMENT_APPLICATION = "enforcement_application", _("application for court enforcement")
    DELIVERY_RECEIPT = "delivery_receipt", _("proof of delivery (送达回证)")
    CRIMINAL_TRANSFER = "criminal_transfer", _("letter transferring a suspected crime (移送书)")
    # coercive measures (行政强制法 arts. 24, 25, 27, 28; 行政处罚法 art. 56): one version per measure's step
    COERCIVE_DECISION = "coercive_decision", _("decision on a seal-up, seizure or preservation")
    COERCIVE_EXTENSION = "coercive_extension", _("decision extending a seal-up or seizure")
    COERCIVE_RELEASE = "coercive_release", _("decision releasing a seal-up, seizure or preservation")
    COERCIVE_HANDLING = "coercive_handling", _("decision on the handling of the goods held")
    TRANSFER_REPLY = "transfer_reply", _("reply to the transferring department (移交案件办理情况反馈函)")


class Document(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The transition that issued this version: a re-run of its generation replaces this version only.
    event = models.ForeignKey(CaseEvent, verbose_name=_("issued by event"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="case_documents")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["-created_at", "-version", "-id"]  # latest first
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="case_document_kind_version_unique"),
            models.UniqueConstraint(fields=["event", "kind"], name="case_document_event_kind_unique"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()}"


from .models_appeals import Appeal, AppealTask  # noqa: E402, F401  (models of this app in their own module)
from .models_archive import CaseFile  # noqa: E402, F401
from .models_coercive import CoerciveItem, CoerciveMeasure  # noqa: E402, F401
from .models_criminal import CriminalTransfer  # noqa: E402, F401
from .models_publication import Publication  # noqa: E402, F401
from .models_transfers import DepartmentReply, DepartmentTransfer  # noqa: E402, F401
