"""Several processes compile the catalog at once on a fresh checkout (test workers, gunicorn
workers): each must succeed and leave a whole .mo behind."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from babel.messages.mofile import read_mo

from servicedesk.infra.i18n import TRANSLATIONS, compile_catalogs


def test_concurrent_compiles_all_succeed_and_leave_a_whole_catalog(tmp_path: Path):
    target = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, target, ignore=shutil.ignore_patterns("*.mo", "*.tmp"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [pool.submit(compile_catalogs, target) for _ in range(16)]
        for result in results:
            result.result()  # the old fixed temporary name raised FileNotFoundError here
    mo_path = target / "sv/LC_MESSAGES/messages.mo"
    with mo_path.open("rb") as mo_file:
        catalog = read_mo(mo_file)
    assert len(catalog) > 100
    assert list(mo_path.parent.glob("*.tmp")) == []
