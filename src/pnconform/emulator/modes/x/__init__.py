"""X mode: no bindings and no API of its own (XM-001); ``models`` (the Block reply rules),
``routing`` (calls, decided by the customer's Block ``callin`` reply), ``sms`` (Block only)."""
