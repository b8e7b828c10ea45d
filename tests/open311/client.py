"""Drives Medspil's Open311 GeoReport v2 interface with two third-party clients from PyPI:
civicbot (JSON; reads and writes) and georeport (reads, JSON and XML). Prints what they got
back as one JSON object for the Rust test to check.

Usage: client.py BASE_URL API_KEY
"""

import json
import sys

from civicbot.http import HttpError, HttpTransport, RateLimiter
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint
from georeport import GeoReport

base, key = sys.argv[1].rstrip("/"), sys.argv[2]
root = f"{base}/open311/v2"
out = {}

client = Open311Client(
    Endpoint("medspil", "Medspil", base_url=root, write=True),
    transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0)),
    jurisdiction_id="aarhus.dk",
)


def refused(**kwargs):
    """The status and error body of a post the server refuses."""
    try:
        client.create_request(dry_run=False, confirm="SEND", **kwargs)
    except HttpError as e:
        return [e.status, json.loads(e.body)]
    return None


out["services"] = client.list_services()
out["definition"] = client.get_service_definition("huller")
created = client.create_request(
    "huller",
    dry_run=False,
    confirm="SEND",
    api_key=key,
    validate_remote=True,
    lat=56.1485,
    lng=10.2044,
    description="Hul i kørebanen (fra appen)",
    email="anna@example.dk",
    first_name="Anna",
    attributes={"surface": "road"},
)
out["created"] = created.response
request_id = created.response[0]["service_request_id"]
out["request"] = client.get_request(request_id)
# A report that gives only its address is placed through the address register: the city hall.
by_address = client.create_request(
    "huller",
    dry_run=False,
    confirm="SEND",
    api_key=key,
    address_string="Rådhuspladsen 2, 8000 Aarhus C",
    description="Hul foran rådhuset",
    attributes={"surface": "road"},
)
out["by_address"] = client.get_request(by_address.response[0]["service_request_id"])
out["unknown_address"] = refused(
    service_code="huller", api_key=key, address_string="Findesikkevej 3, 8000 Aarhus C", description="Hul", attributes={"surface": "road"}
)
out["open_huller"] = client.list_requests(service_code="huller", status="open")
out["by_ids"] = client.list_requests(service_request_ids=[request_id, "2"])
place = {"lat": 56.1485, "lng": 10.2044, "description": "Hul"}
out["bad_key"] = refused(service_code="huller", api_key="not-a-key", attributes={"surface": "road"}, **place)
out["missing_attribute"] = refused(service_code="huller", api_key=key, **place)
out["outside"] = refused(
    service_code="huller", api_key=key, lat=55.6761, lng=12.5683, description="Hul", attributes={"surface": "road"}
)
try:
    client.list_requests(start_date="i går")
    out["bad_date"] = None
except HttpError as e:
    out["bad_date"] = [e.status, json.loads(e.body)]

xml = GeoReport(root, jurisdiction="aarhus.dk", output_format="xml")
out["xml_services"] = xml.get_service_list()
out["xml_definition"] = xml.get_service_definition("huller")
out["xml_request"] = xml.get_service_request(request_id)
out["xml_requests"] = xml.get_service_requests(service_code="huller", status="open")
out["json_request"] = GeoReport(root, jurisdiction="aarhus.dk").get_service_request(request_id)

print(json.dumps(out, ensure_ascii=False))
