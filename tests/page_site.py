"""A loopback news site behind a teaser feed: the authored pages of tests/data/pages and every way a page fails."""

from __future__ import annotations

from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from xml.sax.saxutils import escape

from conftest import FeedServer, Route

PAGES = Path(__file__).parent / "data" / "pages"
MAX_BYTES = 10 * 1024 * 1024
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"


@dataclass(frozen=True)
class Item:
    path: str
    title: str
    teaser: str


# The feed's teasers: how real feeds cut their items (an ellipsis, "Read more", "appeared first on").
ITEMS = (
    Item("/news/leak-repair", "Station crew seals leaking hatch as Roscosmos finds the cause",
         "The Russian segment of the International Space Station lost pressure again on Tuesday, and the "
         "crew closed the hatch to the small tunnel… Read more"),
    Item("/news/budget-hearing", "Senators press NASA on lunar lander budget",
         "WASHINGTON — Members of the Senate Commerce Committee pressed NASA on Tuesday about the rising cost "
         "of its second lunar lander. The post Senators press NASA on lunar lander budget appeared first on "
         "Orbital Dispatch."),
    Item("/news/launch-delay", "Ariane 6 flight slips to July after ground software fault",
         "A fault in the launch pad's control software stopped the countdown with four minutes to go."),
    Item("/space/gateway-contract", "ESA signs Gateway refuelling module contract",
         "The European Space Agency signed a contract on Tuesday for the refuelling module of the lunar…"),
    Item("/ru/baikonur", "Байконур готовит «Союз» к запуску в сентябре",
         "На космодроме Байконур начали подготовку ракеты «Союз-2.1а» к запуску пилотируемого корабля в "
         "сентябре. Читать далее"),
    Item("/news/consent", "Agencies extend seat swap to 2028",
         "Roscosmos and NASA extended their seat-swap agreement to 2028 on Monday. Read more"),
    Item("/private/insider", "Inside the station program's budget fight",
         "Officials spent the spring arguing over who pays for the station's last years. Read more"),
    Item("/news/paywalled", "Exclusive: the lander's real cost", "Documents seen by Orbital Dispatch show… Read more"),
    Item("/news/huge", "The longest page on the site", "A page far larger than any article. Read more"),
    Item("/news/slow", "A page that never comes", "This page takes for ever to load. Read more"),
    Item("/news/moved", "A story that moved away", "This story now lives somewhere else. Read more"),
    Item("/news/gone", "A deleted story", "This story was taken down. Read more"),
)


def teaser_feed(server: FeedServer, items: tuple[Item, ...] = ITEMS, *, link_of: dict[str, str] | None = None,
                extra: str = "") -> bytes:
    """An RSS feed of the items, each with its teaser as the description."""
    parts = []
    for n, item in enumerate(items):
        link = (link_of or {}).get(item.path, server.url(item.path))
        parts.append(f"<item><title>{escape(item.title)}</title><link>{escape(link)}</link>"
                     f"<guid isPermaLink=\"false\">od-{n}</guid>"
                     f"<pubDate>Tue, {10 + n:02d} Jun 2025 09:00:00 +0000</pubDate>"
                     f"<description>{escape(item.teaser)}</description>{extra}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Orbital Dispatch</title>'
            f"<link>{server.url('/')}</link>{''.join(parts)}</channel></rss>").encode()


def gated(server: FeedServer, route: Route, gate: int) -> Route:
    """The route, answered only once `gate` requests are in flight (or after a moment): what lets a
    test see how many requests the client really keeps open to one host."""
    def handle(handler: BaseHTTPRequestHandler) -> None:
        server.wait_for_in_flight(gate, timeout=0.25)
        handler._answer(route.status, route.body, dict(route.headers))  # type: ignore[attr-defined]

    return Route(handler=handle)


def serve_site(server: FeedServer, *, gate: int = 0) -> str:
    """Every page of the site on the server; returns the feed's URL. `gate`: see gated()."""
    html = {"Content-Type": "text/html; charset=utf-8"}

    def add(path: str, route: Route) -> None:
        server.add(path, gated(server, route, gate) if gate and route.hang is None else route)

    server.add("/robots.txt", Route(body=ROBOTS, headers={"Content-Type": "text/plain"}))
    for path, name in (("/news/leak-repair", "leak-repair"), ("/news/budget-hearing", "budget-hearing"),
                       ("/news/launch-delay", "launch-delay"), ("/space/gateway-contract", "gateway-contract"),
                       ("/news/consent", "consent-wall"), ("/private/insider", "leak-repair")):
        add(path, Route(body=(PAGES / f"{name}.html").read_bytes(), headers=html))
    # windows-1251 bytes, and the server names no charset: the page's <meta> does.
    add("/ru/baikonur", Route(body=(PAGES / "baikonur-cp1251.html").read_bytes(),
                              headers={"Content-Type": "text/html"}))
    add("/news/paywalled", Route(status=403, body=b"<html><body>Subscribers only</body></html>", headers=html))
    add("/news/huge", Route(body=b"<html><body>" + b"<p>filler</p>" * (MAX_BYTES // 13 + 1) + b"</body></html>",
                            headers=html))
    server.hanging("/news/slow")
    add("/news/moved", Route(status=302, headers={"Location": "ftp://127.0.0.1/news/moved"}))
    return server.feed("/feed.xml", teaser_feed(server))
