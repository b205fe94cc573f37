"""HTML in without the ``html`` extra: a clear MissingExtraError, and text cleaning unaffected."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from newsclean.errors import MissingExtraError


def test_missing_extra_is_named() -> None:
    """Without trafilatura, HTML in says which extra to install, and text cleaning still works."""
    script = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "trafilatura" or name.startswith("trafilatura."):
                    raise ModuleNotFoundError("No module named 'trafilatura'")
        sys.meta_path.insert(0, Block())
        import newsclean
        assert newsclean.clean("ADVERTISEMENT\\n\\nThe council voted.").text == "The council voted."
        try:
            newsclean.clean(html="<p>x</p>")
        except newsclean.MissingExtraError as exc:
            print(exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "pip install 'newsclean[html]'" in done.stdout
    assert issubclass(MissingExtraError, ImportError)
