"""What every domain shares and no domain owns: the API's error format and base views, request
types, bounded input, throttles and shared-cache counters, the job reaper, pages' error mapping,
safe redirects and chart geometry."""
