"""Signed checkpoints of the audit chain, kept outside the audit table (SECURITY §12, issue 18 item 6).

The hash chain shows an edited or removed row in the middle, but deleting the newest rows leaves a shorter,
still consistent chain. A checkpoint anchors the head: the id and hash of the newest event and the number of
events up to it, with the time, signed with an HMAC under a key outside the database (AUDIT_CHECKPOINT_KEY,
by default derived from SECRET_KEY). Each checkpoint is appended to a file under AUDIT_CHECKPOINT_DIR (a
separate path: another volume or a write-once mount in production) and written to the log stream (logger
`enforcement.audit.checkpoint`, collected off the host).

`verify_audit` compares the table with the last valid checkpoint in the file: the anchored event must still
exist with its hash, the count up to it must match, and a line whose signature fails is itself reported.
"""

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEvent
from .services import _lock_chain

logger = logging.getLogger("enforcement.audit.checkpoint")
FILENAME = "checkpoints.jsonl"
FIELDS = ("last_id", "head_hash", "count", "time")


def checkpoint_path():
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILENAME


def _key():
    configured = getattr(settings, "AUDIT_CHECKPOINT_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"audit-checkpoint:" + settings.SECRET_KEY.encode()).digest()


def sign(body):
    message = json.dumps([body[field] for field in FIELDS], separators=(",", ":")).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _head():
    with transaction.atomic():
        _lock_chain()  # no append between reading the head and counting up to it
        head = AuditEvent.objects.order_by("-id").values("id", "hash").first()
        count = AuditEvent.objects.filter(id__lte=head["id"]).count() if head else 0
    return head, count


def _parse(line):
    """(checkpoint dict, signature valid) of one line of the file."""
    try:
        body = json.loads(line)
        valid = all(field in body for field in FIELDS) and hmac.compare_digest(
            str(body.get("signature", "")), sign(body))
    except (ValueError, TypeError, AttributeError):
        body, valid = {}, False
    return (body if isinstance(body, dict) else {}), valid


def read_checkpoints():
    """[(line number, checkpoint dict, signature valid)] of the checkpoint file, oldest first."""
    path = checkpoint_path()
    if not path.exists():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        body, valid = _parse(line)
        rows.append((number, body, valid))
    return rows


TAIL_BYTES = 64 * 1024  # a checkpoint line is ~200 bytes: the last 64 KB hold the last ~300


def recent_checkpoints(limit=10):
    """[(checkpoint dict, signature valid)] of the last `limit` lines, newest first. Reads only the end of the
    file (it grows by a line every 10 minutes: ~50,000 a year), for the chain check page."""
    path = checkpoint_path()
    if not path.exists() or limit <= 0:
        return []
    with open(path, "rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        start = max(0, size - TAIL_BYTES)
        handle.seek(start)
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    if start > 0 and lines:
        lines = lines[1:]  # the first line read may be cut
    lines = [line for line in lines if line.strip()][-limit:]
    return [_parse(line) for line in reversed(lines)]


def write_checkpoint(*, force=False):
    """Append a signed checkpoint of the current head (skipped when the head has not moved, unless `force`).
    Returns the checkpoint written, or None."""
    head, count = _head()
    if head is None:
        return None
    valid = [body for _n, body, ok in read_checkpoints() if ok]
    if valid and not force and valid[-1]["last_id"] == head["id"] and valid[-1]["head_hash"] == head["hash"]:
        return None
    body = {"last_id": head["id"], "head_hash": head["hash"], "count": count,
            "time": timezone.now().isoformat(timespec="seconds")}
    body["signature"] = sign(body)
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(body, separators=(",", ":")) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("audit checkpoint last_id=%(last_id)s count=%(count)s head_hash=%(head_hash)s time=%(time)s "
                "signature=%(signature)s", body)
    return body


def verify_against_checkpoint():
    """Problems found by comparing the table with the checkpoints (Chinese sentences; empty list: consistent).
    Without any checkpoint there is nothing to compare (the chain check still runs)."""
    problems = []
    rows = read_checkpoints()
    for number, _body, ok in rows:
        if not ok:
            problems.append(_("Checkpoint line %(line)d has an invalid signature (the checkpoint file was "
                              "altered).") % {"line": number})
    valid = [body for _n, body, ok in rows if ok]
    if not valid:
        return problems
    last = valid[-1]
    anchored = AuditEvent.objects.filter(id=last["last_id"]).values_list("hash", flat=True).first()
    newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if anchored is None:
        problems.append(_("The event #%(id)d anchored by the checkpoint of %(time)s is missing (the newest event "
                          "now is #%(newest)d): audit rows were removed from the end of the log.") % {
            "id": last["last_id"], "time": last["time"], "newest": newest})
    elif anchored != last["head_hash"]:
        problems.append(_("The event #%(id)d no longer has the hash recorded by the checkpoint of %(time)s.") % {
            "id": last["last_id"], "time": last["time"]})
    count = AuditEvent.objects.filter(id__lte=last["last_id"]).count()
    if count != last["count"]:
        problems.append(_("The checkpoint of %(time)s counted %(expected)d events up to #%(id)d; the table now "
                          "holds %(actual)d.") % {"time": last["time"], "expected": last["count"],
                                                 "id": last["last_id"], "actual": count})
    return problems
