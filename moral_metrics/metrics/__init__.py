"""Scores and statuses (``scores``), the published records' shape (``records``) and who has
reported (``reporting``): what is computed from checked or stored tables."""
