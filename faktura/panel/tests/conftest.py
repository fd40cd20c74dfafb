from faktura.panel.tests.browser import chromium, panel  # noqa: F401 - fixtures
