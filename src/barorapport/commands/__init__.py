"""What the CLI runs, one module per command: ``build``, ``check``, ``serve`` (and its
background PDF, ``serve_pdf``), ``themes``, ``init``, ``new_edition`` and ``diff``. Each is a
function with plain arguments; ``barorapport.cli`` only parses and prints."""
