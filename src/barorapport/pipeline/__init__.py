"""The pipeline: one recipe of stages, the drivers that run it, the values passed on.

- ``recipe``: ``prepare``, every stage in order, through a driver;
- ``stages``: the stage functions the recipe calls (plain inputs and outputs);
- ``drivers``: ``FailFast`` (build, serve) and ``Collect`` (check);
- ``values``: ``Prepared`` and ``BuildResult``;
- ``build``, ``check``, ``serve``, ``history``: each driver's use of the recipe (publish and
  install; collect every error; render edited chapters again; a previous edition's figures).

Importing this package imports none of its modules: ``commands.build`` asks the manifest
whether the outputs are up to date before it imports ``pipeline.build``.
"""
