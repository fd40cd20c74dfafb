"""`make bench`: how fast Faktura issues and lists invoices, on SQLite and PostgreSQL.

One run (`python -m bench run`) measures the database that FAKTURA_DATABASE_URL
names (SQLite when unset) against a real `faktura serve` on 127.0.0.1, with
its own temporary data directory:

1. creation: concurrent clients POST /invoices.json (2 positions each);
2. baseline: the same rows written with plain SQL INSERTs in one process;
   then stock: concurrent clients POST WZ documents issuing the same two limited
   products (row locks included; the stock left is checked exactly); then events:
   invoices announced to a webhook on a loopback receiver in this process (events/s
   one task worker delivers, delay from commit to arrival);
3. listing: GET /invoices.json?per_page=100&include_positions=true&period=all
   with the account holding 10 000 and then 100 000 invoices.

Results are printed as a table and written as JSON (`python -m bench summary`
prints the runs side by side). Counts come from the environment: see
`bench.config`.
"""
