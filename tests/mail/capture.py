"""An aiosmtpd handler for the tests: each message received is written, decoded, to a JSON file
of its own in a directory, which the Rust tests read.

    python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c capture.Capture DIRECTORY
"""
import email
import email.policy
import json
import os
import uuid


class Capture:
    def __init__(self, directory):
        self.directory = directory

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Capture needs one argument: the directory to write to")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "message_id": str(message["message-id"]),
            "from_header": str(message["from"]),
            "reply_to": str(message.get("reply-to", "")),
            "list_unsubscribe": str(message.get("list-unsubscribe", "")),
            "list_unsubscribe_post": str(message.get("list-unsubscribe-post", "")),
            "body": body.get_content() if body else "",
        }
        name = uuid.uuid4().hex
        partial = os.path.join(self.directory, f".{name}")
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(partial, os.path.join(self.directory, f"{name}.json"))
        return "250 OK"
