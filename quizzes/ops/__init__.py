"""Operations: what an operator runs and watches, beside the domains — liveness and readiness
(``health``), Prometheus metrics (``metrics``), request ids carried into logs and jobs (``logs``),
the scheduler of periodic jobs (``schedule``) and backups (``backup``). See README "Running in
production". It reads every domain and no domain reads it."""
