"""AXE mode: ``models`` (store and rules), ``responses`` (the API handlers), ``routing`` (calls);
no SMS (D-21, AXE-035)."""
