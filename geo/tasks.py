from celery import shared_task

from .geocoder import GeocoderError


@shared_task(name="geo.tasks.refine_online", autoretry_for=(GeocoderError,), retry_backoff=30, retry_jitter=True,
             max_retries=4)
def refine_online(kind, record_id):
    """Ask the online geocoder (天地图) for a record's address after it was registered; retried when the service
    fails; after the last failure the gazetteer's position simply stays (logged as a warning)."""
    import logging

    from .locating import refine_online as refine

    try:
        return refine(kind, record_id)
    except GeocoderError as exc:
        logging.getLogger("geo.geocoder").warning(
            "Online geocoder failed for %s %s (%s); the gazetteer's position stands.", kind, record_id, exc)
        raise
