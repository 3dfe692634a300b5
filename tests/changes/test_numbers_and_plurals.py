"""Costs as the reader's language writes money, counts with the right plural."""

from __future__ import annotations

from servicedesk.infra.extensions import db

NB = "\u00a0"


def test_costs_are_money_in_the_readers_language(world, client, auth, now):
    change = world.change(now=now, cost_one_off=25000, cost_yearly=1200)
    auth.login(world.org.agent)
    html = client.get(f"/changes/{change.id}").text
    assert f"25{NB}000{NB}kr" in html and f"1{NB}200{NB}kr" in html
    assert ">25000<" not in html
    world.org.agent.locale = "en"
    db.session.commit()
    html = client.get(f"/changes/{change.id}").text
    assert f"SEK{NB}25,000" in html


def test_list_captions_use_the_plural_rules(world, client, auth, now):
    auth.login(world.org.agent)
    world.change(now=now)
    assert "1 ändringsbegäran<" in client.get("/changes/").text
    world.change(now=now, title="Byt brandvägg")
    assert "2 ändringsbegäranden<" in client.get("/changes/").text
