"""The machinery under every stage and command: work aside in a child process
(``aside``), atomic writes (``atomic``), CSV files safe to open (``csvsafe``), content
caches and the engine's fingerprint (``buildcache``), the up-to-date key (``manifest``) and
the atomic switch of the outputs (``install``)."""
