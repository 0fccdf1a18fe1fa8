"""Celery tasks: thin wrappers around the participation services."""

from celery import shared_task

from . import services


@shared_task(name="participatie.tasks.send_digests")
def send_digests() -> int:
    return services.send_digests()


@shared_task(name="participatie.tasks.remove_expired_personal_data")
def remove_expired_personal_data() -> int:
    return services.remove_expired_personal_data()
