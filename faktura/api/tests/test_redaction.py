import logging

from django.test import RequestFactory

from faktura.api.redaction import RedactTokensFilter, redact, request_description


def test_query_tokens_and_passwords_are_filtered():
    line = 'GET /invoices.json?api_token=SECRET123&page=2&password=hunter2 "integration_token=X"'
    assert redact(line) == (
        "GET /invoices.json?api_token=[FILTERED]&page=2&password=[FILTERED] "
        '"integration_token=[FILTERED]"'
    )


def test_bearer_tokens_are_filtered():
    assert redact("Authorization: Bearer abc.def") == "Authorization: Bearer [FILTERED]"


def test_log_records_are_redacted_with_their_arguments():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "calling %s", ("/account.json?api_token=T0K3N",), None
    )
    assert RedactTokensFilter().filter(record) is True
    assert record.getMessage() == "calling /account.json?api_token=[FILTERED]"


def test_request_description_drops_secret_parameters_only():
    request = RequestFactory().get("/invoices.json?api_token=T&period=more&Password=p&page=1")
    assert request_description(request) == "/invoices.json?period=more&page=1"


def test_logged_requests_never_show_the_token(client, owner, caplog):
    with caplog.at_level(logging.INFO):
        client.get(f"/departments.json?api_token={owner.api_token}&order=nope")
        logging.getLogger("faktura.test").info("seen %s", f"/x?api_token={owner.api_token}")
    for handler in logging.getLogger().handlers:
        for record in caplog.records:
            handler.filter(record)
    assert owner.api_token not in caplog.text
