"""The analyses, one module per question: ``compat`` (with ``compat_cases`` and
``compat_reasons``), ``combine``, ``osd`` (its criteria as data in ``osd_criteria``), ``diff``,
``lint``, ``matrix``, ``show``; ``profile`` holds the per-license facts the fast paths use,
``workers`` the processes many-license commands share out to.
"""
