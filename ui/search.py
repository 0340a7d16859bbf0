"""Page under construction."""

from __future__ import annotations

import streamlit as st

from ui.data import Ctx


def render(ctx: Ctx) -> None:
    st.info("Coming soon.")
