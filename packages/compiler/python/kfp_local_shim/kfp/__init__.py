"""A minimal stand-in for the KFP SDK, enough to run Python function components on this machine.

Local runs put this package on PYTHONPATH only when the real SDK is not installed. It provides what a
component function sees at run time (``kfp.dsl`` with the artifact classes and annotations) and the
``kfp.dsl.executor_main`` module that calls the function; it cannot compile or submit pipelines.
"""

__version__ = '0.0.0+local-shim'
