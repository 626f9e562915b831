"""The functional core: pure, typed functions from a raw page to routed posts.

Nothing here touches Kafka, the clock or the environment; the worker and the
``pipe`` command both call :func:`streams.core.pipeline.process_page`.
"""
