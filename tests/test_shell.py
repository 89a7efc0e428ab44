"""The one Streamlit workaround the ``pages/`` layout needs (``ui.shell.leave_pages_folder_mode``),
and the behaviour of Streamlit it relies on: this fails when an upgrade changes it. (That a
bookmark to /data as a fresh server's first request still ends on the router is a browser test:
``test_browser_trust.test_plain_streamlit_run_is_read_only_even_on_the_server``.)"""

from __future__ import annotations

from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest


def test_streamlit_still_keeps_the_pages_folder_flag_on_its_pages_manager() -> None:
    assert "uses_pages_directory" in vars(PagesManager)  # a class attribute, set for the whole server


def test_streamlit_still_runs_a_page_file_of_a_pages_folder_directly(tmp_path: Path) -> None:
    """What a fresh server does with a bookmark to /data: it runs pages/data.py itself."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "main.py").write_text("import streamlit as st\nst.write('main')\n", encoding="utf-8")
    (tmp_path / "pages" / "other.py").write_text(
        "import streamlit as st\n"
        "from streamlit.runtime.pages_manager import PagesManager\n"
        "st.write(f'legacy={PagesManager.uses_pages_directory}')\n",
        encoding="utf-8",
    )
    at = AppTest.from_file(str(tmp_path / "main.py")).run()
    at.switch_page("pages/other.py").run()
    assert not at.exception and at.markdown[0].value == "legacy=True"
