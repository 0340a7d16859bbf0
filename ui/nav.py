"""Addresses of the pages: `?page=case&case=<id>`, so every case is a link, a page can be shared or
bookmarked, and the browser's back button walks back through what was opened.

The address is the truth: a page reads the case, doctrine or query it shows from
`st.query_params`, and a widget that changes it writes it back (Streamlit pushes
each change onto the browser's history).
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ui.render import esc

# page title -> the slug in its address
SLUGS = {
    "Cases": "cases", "Case page": "case", "Doctrine map": "doctrines", "Timeline": "timeline",
    "Lineage": "lineage", "Search": "search", "Your corpus": "corpus",
}
TITLES = {v: k for k, v in SLUGS.items()}


def url(page: str, **params: str | None) -> str:
    """A relative address ("?page=case&case=c-465-u-s-783") that opens `page` (a slug) with `params`."""
    return "?" + urlencode({"page": page, **{k: v for k, v in params.items() if v}})


def case_url(case_id: str, page: str = "case") -> str:
    return url(page, case=case_id)


def link(href: str, text: str, title: str | None = None) -> str:
    """An escaped link that opens in the same tab (the address bar and back button follow it)."""
    tip = f' title="{esc(title)}"' if title else ""
    return f'<a href="{esc(href)}" target="_self"{tip}>{esc(text)}</a>'


def current_page(default: str = "cases") -> str:
    """The slug of the page the address names (an unknown one falls back to `default`)."""
    slug = st.query_params.get("page", default)
    return slug if slug in TITLES else default


def param(name: str) -> str | None:
    return st.query_params.get(name) or None


def set_params(**params: str | None) -> None:
    """Write values into the address, dropping the ones set to None; a no-op when nothing changes."""
    for k, v in params.items():
        if v is None:
            if k in st.query_params:
                del st.query_params[k]
        elif st.query_params.get(k) != v:
            st.query_params[k] = v
