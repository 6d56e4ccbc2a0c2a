"""AXB mode: ``models`` (store and rules), ``responses`` (the API handlers), ``routing`` (calls),
``sms`` (messages through X)."""
