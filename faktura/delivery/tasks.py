"""Background entry points for delivery. They take ids only; the services do the work."""

from django_tasks import task

from faktura.delivery import services


@task()
def deliver_email(email_id: int) -> None:
    services.email_deliver(email_id=email_id)


@task()
def retry_due_emails() -> int:
    return services.email_retry_due()


@task()
def deliver_letter(letter_id: int) -> None:
    from faktura.delivery import postal  # postal enqueues these tasks

    postal.letter_deliver(letter_id=letter_id)


@task()
def retry_due_letters() -> int:
    from faktura.delivery import postal

    return postal.letters_retry_due()
