"""Alerts (e-mail, JSON / 企业微信 / 钉钉 webhooks) and the HTML data-quality report, end to end.

Real servers on 127.0.0.1 only: an aiosmtpd SMTP server and an http.server collecting POSTs.
The warehouses are the session's `altered_warehouses` (tests/conftest.py), built by the real pipeline:
one holds altered.txt and the same alteration under a hostile file name (both alerted) beside the clean
seed002_budget.txt (no alert) and suspected.txt (the clean sample with a 情况说明 page that defines 机关运行费
as the 公用经费 and states 450.00 万元 against a 公用经费 of 443.88: a SUSPECTED error, in the report, no alert);
a second, clean warehouse holds the clean sample alone.
"""
from __future__ import annotations

import base64
from decimal import Decimal
import email
import email.policy
import hashlib
import hmac
import html
import http.server
import json
import logging
import os
import re
import shutil
import socket
import threading
import urllib.parse

import pytest

from conftest import HOSTILE_NAME, SAMPLES, query
from expectations.report import page_name, publish_report, write_report
from orchestration.alerts import AlertConfigError, dingtalk_signed_url, load_config, send_alerts

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult  # noqa: E402

SMTP_USER = "bw-alerts-user-4711"
SMTP_PASSWORD = "smtp-pa55-Xq9-never-log-me"
JSON_SECRET = "json-hmac-secret-Zr8-never-log-me"
DINGTALK_SECRET = "SECdingtalk-secret-Kp3-never-log-me"
WECOM_KEY = "wecom-key-Yh7-never-log-me"
DINGTALK_TOKEN = "dingtalk-token-Vb2-never-log-me"
SECRETS = [SMTP_USER, SMTP_PASSWORD, JSON_SECRET, DINGTALK_SECRET, WECOM_KEY, DINGTALK_TOKEN]


@pytest.fixture(scope="module")
def warehouses(altered_warehouses):
    """The session's two warehouses of altered seed 002 copies (conftest.altered_warehouses)."""
    return altered_warehouses


# ---------------------------------------------------------------------------------------------- local servers

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages, self.authenticated = [], []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        self.authenticated.append(bool(session.authenticated))
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == SMTP_USER.encode() and auth_data.password == SMTP_PASSWORD.encode())


@pytest.fixture(scope="module")
def smtp_server():
    inbox = _Inbox()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                                                authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


class _Collector(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urllib.parse.urlsplit(self.path)
        self.server.posts.append({"path": parts.path, "query": dict(urllib.parse.parse_qsl(parts.query)),
                                  "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        status = 500 if parts.path.startswith("/broken") else 200
        reply = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def http_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    server.posts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def servers(smtp_server, http_server, monkeypatch, tmp_path):
    monkeypatch.setenv("BW_FINDINGS", str(tmp_path / "findings"))   # a fresh alert ledger: nothing sent yet
    inbox, smtp_port = smtp_server
    inbox.messages.clear()
    inbox.authenticated.clear()
    http_server.posts.clear()
    for name, value in {"BW_SMTP_USER": SMTP_USER, "BW_SMTP_PASSWORD": SMTP_PASSWORD, "BW_HOOK_SECRET": JSON_SECRET,
                        "BW_DINGTALK_SECRET": DINGTALK_SECRET}.items():
        monkeypatch.setenv(name, value)
    base = f"http://127.0.0.1:{http_server.server_address[1]}"
    monkeypatch.setenv("BW_WECOM_URL", f"{base}/wecom/send?key={WECOM_KEY}")
    config = {
        "timeout": 5,
        "email": {"host": "127.0.0.1", "port": smtp_port, "from": "warehouse@example.test",
                  "to": ["finance@example.test", "audit@example.test"], "starttls": False,
                  "username_env": "BW_SMTP_USER", "password_env": "BW_SMTP_PASSWORD", "allow_plaintext_auth": True},
        "webhooks": [
            {"name": "broken", "url": f"{base}/broken", "format": "json"},                   # answers HTTP 500
            {"name": "nobody", "url": f"http://127.0.0.1:{_free_port()}/x", "format": "json"},  # connection refused
            {"name": "audit", "url": f"{base}/json", "format": "json", "secret_env": "BW_HOOK_SECRET"},
            {"name": "财务群", "url_env": "BW_WECOM_URL", "format": "wecom"},
            {"name": "钉钉", "url": f"{base}/dingtalk/send?access_token={DINGTALK_TOKEN}", "format": "dingtalk",
             "secret_env": "BW_DINGTALK_SECRET"},
        ],
    }
    return {"inbox": inbox, "http": http_server, "config": config}


def _failing_documents(db):
    """Documents with a confirmed error: the ones alerted."""
    return dict(query(db, """SELECT DISTINCT document_id, file_name FROM check_failures
                             WHERE severity = 'error' AND finding = 'mismatch' AND confidence = 'confirmed'"""))


def _posts(server, path):
    return [p for p in server.posts if p["path"] == path]


# ---------------------------------------------------------------------------------------------- the warehouse

def test_the_warehouse_has_what_the_alerts_are_about(warehouses):
    docs = dict(query(warehouses["db"], "SELECT file_name, status FROM dim_documents"))
    assert docs == {"altered.txt": "loaded", HOSTILE_NAME: "loaded", "seed002_budget.txt": "loaded",
                    "suspected.txt": "loaded"}
    assert sorted(_failing_documents(warehouses["db"]).values()) == sorted(["altered.txt", HOSTILE_NAME])
    # every error is confirmed; suspected.txt's one mismatch is suspected, so a warning, never an error
    assert query(warehouses["db"], "SELECT count(*) FROM check_failures WHERE severity = 'error' AND confidence = 'suspected'") == [(0,)]
    assert query(warehouses["db"], """SELECT file_name, rule_id, severity, expected, actual FROM check_failures
                                      WHERE finding = 'mismatch' AND confidence = 'suspected'""") == [
        ("suspected.txt", "DIS-021", "warning", Decimal("4438800.00"), Decimal("4500000.00"))]
    rounding = query(warehouses["db"], "SELECT file_name, rule_id FROM check_failures WHERE finding = 'rounding'")
    assert rounding and {r[0] for r in rounding} == {HOSTILE_NAME}
    assert query(warehouses["clean_db"], "SELECT count(*) FROM check_failures") == [(0,)]


# ---------------------------------------------------------------------------------------------- e-mail

def test_one_email_per_failing_document_with_text_and_html(warehouses, servers):
    results = send_alerts(str(warehouses["db"]), servers["config"], "run-42")
    messages = servers["inbox"].messages
    failing = _failing_documents(warehouses["db"])
    assert len(messages) == len(failing) == 2
    assert all(servers["inbox"].authenticated)           # logged in with the credentials from the environment
    assert {m["X-Budget-Warehouse-Document"] for m in messages} == set(failing)
    for message in messages:
        file_name = failing[message["X-Budget-Warehouse-Document"]]
        assert file_name in message["Subject"]
        assert message["To"] == "finance@example.test, audit@example.test"
        text = message.get_body(preferencelist=("plain",)).get_content()
        page = message.get_body(preferencelist=("html",)).get_content()
        for part, name in ((text, file_name), (page, html.escape(file_name))):
            assert name in part
            assert "BUD-003" in part and "BUD-010" in part
            assert "第 3 页" in part or re.search(r">\s*3\s*<", part)
            # exact, in the unit the table printed (万元): 13,580,300.00 元 expected, 13,583,000.00 元 found
            assert "1,358.03 万元" in part             # expected
            assert "1,358.30 万元" in part             # actual
            assert "+0.27 万元" in part                # difference
            assert "处理建议" in part and "核对该行合计列" in part   # what to do, in Chinese
            assert "合计等于各组成列之和" in part      # the rule's Chinese title
            assert "2060101 行政运行" in part
            assert "2060201" not in part               # a rounding warning is not alerted
        assert "第 3 页" in text
        assert "<script>" not in page                  # the hostile name is escaped in the HTML part
    assert sum(1 for r in results if r["channel"] == "email" and r["status"] == "sent") == 2
    assert "seed002_budget.txt" not in {m["Subject"] for m in messages}
    assert not any("suspected.txt" in m["Subject"] for m in messages)      # a suspected error is not alerted


# ---------------------------------------------------------------------------------------------- webhooks

def test_webhooks_get_one_message_per_document_in_their_format(warehouses, servers):
    send_alerts(str(warehouses["db"]), servers["config"], "run-42")
    server = servers["http"]
    failing = _failing_documents(warehouses["db"])

    generic = _posts(server, "/json")
    assert len(generic) == 2
    payloads = [json.loads(p["body"]) for p in generic]
    assert {p["document"]["document_id"] for p in payloads} == set(failing)
    for post, payload in zip(generic, payloads):
        assert post["headers"]["content-type"].startswith("application/json")
        assert payload["event"] == "identity_mismatch" and payload["run_id"] == "run-42"
        assert payload["document"]["file_name"] == failing[payload["document"]["document_id"]]
        assert payload["error_count"] == 2
        bud003 = next(f for f in payload["failures"] if f["rule_id"] == "BUD-003")
        assert (bud003["expected"], bud003["actual"], bud003["difference"], bud003["tolerance"]) == \
            ("13580300.00", "13583000.00", "2700.00", "100.00")
        assert bud003["page"] == 3 and bud003["table_title"] == "部门预算支出总表"
        signed = post["headers"]["x-bw-timestamp"].encode() + b"." + post["body"]
        assert post["headers"]["x-bw-signature"] == \
            "sha256=" + hmac.new(JSON_SECRET.encode(), signed, hashlib.sha256).hexdigest()

    wecom = _posts(server, "/wecom/send")
    assert len(wecom) == 2
    for post in wecom:
        assert post["query"] == {"key": WECOM_KEY}
        payload = json.loads(post["body"])
        assert set(payload) == {"msgtype", "markdown"} and payload["msgtype"] == "markdown"
        assert set(payload["markdown"]) == {"content"}
        content = payload["markdown"]["content"]
        assert "BUD-003" in content and "第 3 页" in content and "+0.27 万元" in content
        assert len(content.encode("utf-8")) <= 4096
    assert sum("altered.txt" in json.loads(p["body"])["markdown"]["content"] for p in wecom) == 1

    dingtalk = _posts(server, "/dingtalk/send")
    assert len(dingtalk) == 2
    for post in dingtalk:
        payload = json.loads(post["body"])
        assert payload["msgtype"] == "markdown" and set(payload["markdown"]) == {"title", "text"}
        assert "BUD-010" in payload["markdown"]["text"] and "1,358.30 万元" in payload["markdown"]["text"]
        assert "<script>" not in payload["markdown"]["text"]  # document text cannot inject markup
        query_ = post["query"]
        assert query_["access_token"] == DINGTALK_TOKEN
        digest = hmac.new(DINGTALK_SECRET.encode(), f"{query_['timestamp']}\n{DINGTALK_SECRET}".encode(), hashlib.sha256)
        assert query_["sign"] == base64.b64encode(digest.digest()).decode()   # parse_qsl decoded it once
    assert "sign=" in dingtalk_signed_url("https://oapi.example/robot/send?access_token=t", "s", 1)


def test_a_failing_recipient_does_not_stop_the_others(warehouses, servers):
    results = send_alerts(str(warehouses["db"]), servers["config"], "run-42")
    by_recipient = {}
    for r in results:
        by_recipient.setdefault(r["recipient"], []).append(r)
    assert set(by_recipient) == {"email", "broken", "nobody", "audit", "财务群", "钉钉"}
    assert all(len(v) == 2 for v in by_recipient.values())            # one attempt per failing document each
    assert {r["status"] for r in by_recipient["broken"]} == {"failed"}
    assert all("500" in r["error"] for r in by_recipient["broken"])
    assert {r["status"] for r in by_recipient["nobody"]} == {"failed"}
    for name in ("email", "audit", "财务群", "钉钉"):
        assert {r["status"] for r in by_recipient[name]} == {"sent"}, by_recipient[name]
    assert len(servers["inbox"].messages) == 2


@pytest.fixture
def log_text(request):
    """Everything logged during the test: caplog, or a root handler when the logging plugin is off (-p no:logging)."""
    try:
        caplog = request.getfixturevalue("caplog")
    except pytest.FixtureLookupError:
        caplog = None
    if caplog is not None:
        caplog.set_level(logging.DEBUG)
        yield lambda: caplog.text
        return
    records = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: records.append(logging.Formatter("%(levelname)s %(name)s %(message)s").format(record))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: "\n".join(records)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_secrets_never_appear_in_logs_or_results(warehouses, servers, log_text, monkeypatch, tmp_path):
    results = send_alerts(str(warehouses["db"]), servers["config"], "run-42")
    # and a refusing server: the robot's error must not echo the key either
    monkeypatch.setenv("BW_WECOM_URL", f"http://127.0.0.1:{servers['http'].server_address[1]}/broken?key={WECOM_KEY}")
    monkeypatch.setenv("BW_FINDINGS", str(tmp_path / "second-ledger"))   # send everything again
    results += send_alerts(str(warehouses["db"]), servers["config"], "run-43")
    logged = log_text()
    assert "127.0.0.1" in logged and "failed" in logged               # the logs do say where and what
    dumped = json.dumps(results, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in logged, secret
        assert secret not in dumped, secret
        assert urllib.parse.quote_plus(secret) not in logged


def test_no_alert_for_a_clean_warehouse(warehouses, servers):
    assert send_alerts(str(warehouses["clean_db"]), servers["config"], "run-clean") == []
    assert servers["inbox"].messages == [] and servers["http"].posts == []


def test_config_from_the_environment_json_or_yaml_and_no_inline_secrets(warehouses, servers, tmp_path, monkeypatch):
    config = servers["config"]
    config = {**config, "webhooks": [h for h in config["webhooks"] if h["name"] == "audit"]}
    path = tmp_path / "alerts.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    monkeypatch.setenv("BW_ALERTS_CONFIG", str(path))
    results = send_alerts(str(warehouses["db"]), None, "run-env")
    assert [r["status"] for r in results] == ["sent"] * 4                 # 2 documents × (email + audit)
    yaml = pytest.importorskip("yaml")
    yaml_path = tmp_path / "alerts.yaml"
    yaml_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert load_config(yaml_path)["email"]["port"] == config["email"]["port"]
    path.write_text(json.dumps({"email": {**config["email"], "password": "inline"}}), encoding="utf-8")
    with pytest.raises(AlertConfigError, match="environment"):
        load_config(path)
    monkeypatch.delenv("BW_ALERTS_CONFIG")
    assert send_alerts(str(warehouses["db"]), None, "run-off") == []      # no config: alerts off


# ---------------------------------------------------------------------------------------------- report

def _written_report(db, reports, build_id="report-test"):
    """The report of a warehouse written and published into `reports`: (index, {file name: its page})."""
    result = write_report(str(db), str(reports), build_id)
    publish_report(str(reports), build_id)
    names = dict(query(db, "SELECT document_id, file_name FROM dim_documents"))
    assert sorted(result.written) == sorted(names) and result.carried == []   # no published report before: all
    index = (reports / "latest.html").read_text(encoding="utf-8")
    pages = {names[d]: (reports / "documents" / page_name(d)).read_text(encoding="utf-8") for d in names}
    return index, pages


def test_html_report(warehouses, tmp_path):
    reports = tmp_path / "reports"
    index, pages = _written_report(warehouses["db"], reports)
    for page in [index, *pages.values()]:
        assert page.startswith("<!DOCTYPE html>") and "<style>" in page
        # no script, nothing fetched from anywhere; the only links lead from the index to the documents' pages and back
        assert not re.search(r"https?://", page, flags=re.I)
        assert not re.search(r"<script|<link|<img|<iframe|\bsrc\s*=|url\(", page, flags=re.I)
        assert all(re.fullmatch(r"documents/[0-9a-f]{16}\.html|\.\./latest\.html", href)
                   for href in re.findall(r'href="([^"]*)"', page))
    # the index: one line per document, linking to its page, with its status and counts
    doc_ids = dict(query(warehouses["db"], "SELECT file_name, document_id FROM dim_documents"))
    for name, doc_id in doc_ids.items():
        assert f'<a href="documents/{doc_id}.html">{html.escape(name, quote=True)}</a>' in index
    line = index.split(f'<a href="documents/{doc_ids["altered.txt"]}.html">', 1)[1].split("</tr>", 1)[0]
    assert "已入库 loaded" in line
    # 9 budget tables; 2 errors, 0 suspected, 0 warnings, 0 rounding, 0 not checkable
    assert re.findall(r'<td class="num">(\d+)</td>', line) == ["9", "2", "0", "0", "0", "0"]
    line = index.split(f'<a href="documents/{doc_ids["suspected.txt"]}.html">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(\d+)</td>', line)[1:5] == ["0", "1", "0", "0"]   # 1 suspected
    # run summary
    assert "已入库 loaded</td><td class=\"num\">4<" in index and "已隔离 quarantined</td><td class=\"num\">0<" in index
    assert "疑似不符 suspected mismatches</td><td class=\"num\">1<" in index
    assert "确定不符 confirmed mismatches</td><td class=\"num\">4<" in index
    assert "跨文件" not in index   # no rule across documents: no such section
    assert all(f"<code>BUD-0{n}</code>" in index for n in ("01", "03", "10", "34"))   # the rule catalogue
    # the hostile file name is shown escaped, never raw, on the index and on its page
    assert HOSTILE_NAME not in index and html.escape(HOSTILE_NAME, quote=True) in index
    hostile = pages[HOSTILE_NAME]
    assert HOSTILE_NAME not in hostile and f"<h1>{html.escape(HOSTILE_NAME, quote=True)}</h1>" in hostile
    # the document's page: the failure, with exact amounts, page and item
    page = pages["altered.txt"]
    for expected in ("BUD-003", "BUD-010", "部门预算支出总表", "2060101 行政运行", "1,358.03 万元", "1,358.30 万元",
                     "+0.27 万元", "±0.01 万元", '<td class="num">第 3 页表内第 ', "处理建议：核对该行合计列"):
        assert expected in page, expected
    # text documents have no page to picture: the finding's printed row is shown as an excerpt of the table,
    # the row marked, with the rows around it
    excerpt = page.split('<tr class="evidence">', 1)[1].split("</table>", 1)[0]
    assert 'class="excerpt"' in excerpt and '<tr class="hit">' in excerpt and "2060101" in excerpt
    # mismatches before rounding warnings
    findings = re.findall(r'<tr(?: id="f-[0-9a-f-]+")? class="(mismatch|rounding) ', hostile)
    assert findings == ["mismatch", "mismatch", "rounding", "rounding"]
    assert "2060201" in hostile
    # suspected errors apart from confirmed ones (疑似 vs 确定), and counted apart
    suspected = pages["suspected.txt"]
    assert "疑似不符 suspected mismatches</td><td class=\"num\">1<" in suspected
    assert "确定不符 confirmed mismatches</td><td class=\"num\">0<" in suspected
    assert 'class="mismatch warning suspected">' in suspected
    assert "DIS-021" in suspected and "450.00 万元" in suspected   # as the narrative prints it (4,500,000.00 元)
    assert "本文件没有勾稽关系问题" in pages["seed002_budget.txt"]
    # every finding of the warehouse is on its document's page, once
    for file_name, finding_id in query(warehouses["db"], "SELECT file_name, finding_id FROM check_failures"):
        assert sum(p.count(f'id="f-{finding_id}"') for p in pages.values()) == 1
        assert f'id="f-{finding_id}"' in pages[file_name]
    # the clean warehouse says so
    clean, _ = _written_report(warehouses["clean_db"], tmp_path / "clean")
    assert "No identity fails beyond the rounding envelope" in clean and "mismatch error" not in clean


# ---------------------------------------------------------------------------------------------- a finding's life

def test_each_finding_is_alerted_once_per_recipient_and_a_failed_one_is_retried(warehouses, servers):
    config = {**servers["config"], "webhooks": [h for h in servers["config"]["webhooks"] if h["name"] in ("broken", "audit")]}
    first = send_alerts(str(warehouses["db"]), config, "run-1")
    assert {(r["recipient"], r["status"]) for r in first} == {("email", "sent"), ("audit", "sent"), ("broken", "failed")}
    assert all(len(r["finding_ids"]) == 2 for r in first)
    second = send_alerts(str(warehouses["db"]), config, "run-2")
    # nothing new for the recipients that got it; the one that failed is tried again
    assert {(r["recipient"], r["status"]) for r in second} == {("broken", "failed")}
    assert len(servers["inbox"].messages) == 2


def test_alerts_are_routed_by_department_with_a_default(warehouses, servers):
    audit = next(h for h in servers["config"]["webhooks"] if h["name"] == "audit")
    config = {**servers["config"], "webhooks": [audit],
              # the test documents print no department: a route by name never matches, the default does
              "routes": [{"department_name": "水务", "email_to": ["water@example.test"], "webhooks": ["audit"]}],
              "default": {"email_to": ["default-finance@example.test"], "webhooks": []}}
    results = send_alerts(str(warehouses["db"]), config, "run-route")
    assert {(r["recipient"], tuple(r.get("to", ()))) for r in results} == {("email", ("default-finance@example.test",))}
    assert {m["To"] for m in servers["inbox"].messages} == {"default-finance@example.test"}
    from orchestration.alerts import route_for, validate_config
    routed = validate_config({**config, "routes": [{"department_code": "113", "email_to": ["kj@example.test"]},
                                                   *config["routes"]]})
    assert route_for(routed, "113001", None)["email_to"] == ["kj@example.test"]          # code prefix
    assert route_for(routed, None, "北京市水务局")["email_to"] == ["water@example.test"]   # name pattern
    assert route_for(routed, "200", "财政局")["email_to"] == ["default-finance@example.test"]
    with pytest.raises(AlertConfigError, match="no webhook named"):
        validate_config({**config, "routes": [{"department_name": "x", "webhooks": ["nobody-by-that-name"]}]})


def test_dismissed_findings_survive_a_rebuild_and_are_not_alerted(warehouses, servers, capsys, tmp_path, monkeypatch):
    from orchestration.cli import main

    db = str(warehouses["db"])
    before = query(db, """SELECT finding_id, file_name, rule_id, item FROM check_failures
                          WHERE severity = 'error' AND finding = 'mismatch' ORDER BY ALL""")
    target = next(r for r in before if r[1] == "altered.txt" and r[2] == "BUD-003")
    assert main(["findings", "dismiss", target[0][:10], "--reason", "已与财政部门核实：原表印刷错误", "--db", db]) == 0
    capsys.readouterr()
    assert main(["findings", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    # 3 open confirmed errors and suspected.txt's DIS-021 (a suspected mismatch, listed with its confidence)
    assert target[0] not in listed and "4 finding(s)" in listed and "suspected" in listed
    assert main(["findings", "show", target[0], "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "dismissed" in shown and "原表印刷错误" in shown and "处理建议" in shown and "1,358.30 万元" in shown
    # re-ingest the same files and rebuild, alerts on (e-mail and a webhook that answers HTTP 500)
    config = {**servers["config"], "webhooks": [h for h in servers["config"]["webhooks"] if h["name"] == "broken"]}
    (tmp_path / "alerts.json").write_text(json.dumps(config), encoding="utf-8")
    monkeypatch.setenv("BW_ALERTS_CONFIG", str(tmp_path / "alerts.json"))
    # (on a copy of the session's warehouse and store: other tests read the original)
    shared = db
    db = str(tmp_path / "rebuilt.duckdb")
    shutil.copyfile(shared, db)
    shutil.copytree(shared + ".store", db + ".store")
    saved = {k: os.environ.get(k) for k in ("BW_DB", "BW_STORE")}
    try:
        inbox = warehouses["root"] / "inbox"
        assert main(["run", str(inbox / "altered.txt"), str(inbox / HOSTILE_NAME), str(SAMPLES / "seed002_budget.txt"),
                     str(inbox / "suspected.txt"), "--db", db]) == 0
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    summary = capsys.readouterr().out
    assert "Alerts: email 2 sent, webhook:json 2 failed" in summary       # delivery, per channel
    after = query(db, """SELECT finding_id, file_name, rule_id, item FROM check_failures
                         WHERE severity = 'error' AND finding = 'mismatch' ORDER BY ALL""")
    assert after == before                                                # the same ids after the rebuild
    assert query(db, "SELECT status, status_reason FROM check_failures WHERE finding_id = ?", [target[0]]) == \
        [("dismissed", "已与财政部门核实：原表印刷错误")]                # applied by the build
    mails = {m["X-Budget-Warehouse-Document"]: m.get_body(preferencelist=("plain",)).get_content()
             for m in servers["inbox"].messages}
    altered_mail = next(text for text in mails.values() if "altered.txt" in text)
    assert "BUD-010" in altered_mail and "BUD-003" not in altered_mail   # the dismissed one is not alerted
    # the next run sends nothing new by e-mail; the failed webhook is tried again
    again = send_alerts(db, config, "run-after")
    assert {(r["recipient"], r["status"]) for r in again} == {("broken", "failed")}
    # reopened, it is alerted, alone
    assert main(["findings", "reopen", target[0], "--reason", "复核后仍需更正", "--db", db]) == 0
    reopened = send_alerts(db, config, "run-reopened")
    assert {i for r in reopened if r["status"] == "sent" for i in r["finding_ids"]} == {target[0]}
    assert main(["findings", "show", "no-such-id", "--db", db]) == 2
