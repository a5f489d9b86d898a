"""Alerts to finance teams, driven by the check results (not by run failures).

After a build, every document with at least one ERROR identity that fails beyond its rounding envelope
(`check_failures`: severity 'error', finding 'mismatch', confidence 'confirmed') gets ONE alert per
configured recipient (suspected findings — prose matched to a table line, heuristic pairings, template
assumptions — stay in the report and in check_failures; they never page a finance team):
an e-mail (plain text + HTML alternative) and/or a webhook POST (generic JSON, 企业微信 robot markdown,
钉钉 robot markdown). Documents that add up, or only round, get nothing.

Configuration: a JSON file (or YAML, if PyYAML is importable — it comes with Dagster) named by the
environment variable BW_ALERTS_CONFIG:

    {
      "email": {"host": "smtp.example.gov.cn", "port": 25, "from": "warehouse@example.gov.cn",
                "to": ["finance@example.gov.cn"], "starttls": true, "ssl": false,
                "username_env": "BW_SMTP_USER", "password_env": "BW_SMTP_PASSWORD", "timeout": 20},
      "webhooks": [
        {"name": "audit", "url": "https://hooks.example/budget", "format": "json", "secret_env": "BW_HOOK_SECRET"},
        {"name": "财务群", "url_env": "BW_WECOM_URL", "format": "wecom"},
        {"name": "钉钉", "url_env": "BW_DINGTALK_URL", "format": "dingtalk", "secret_env": "BW_DINGTALK_SECRET"}
      ]
    }

Secrets come only from environment variables (`*_env` keys); a config carrying a password, secret or
token inline is refused. A robot URL carries its key in the query string (…/send?key=…, …?access_token=…),
so prefer `url_env` for robots. Logs and the returned results name a recipient by its `name` and by its
origin only (scheme://host:port/…): never a path, query string, user name or password, and error messages
are scrubbed of every secret value.

Signing: 钉钉 with a secret gets `&timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256(secret,
"<timestamp>\\n<secret>")>` (DingTalk's 加签). A generic JSON webhook with a secret gets the headers
`X-BW-Timestamp: <unix seconds>` and `X-BW-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.

Routing by department: "routes" sends a department's documents to its own recipients; a document no
route matches goes to "default" (or, without one, to every recipient configured):

    "routes": [{"department_code": "113", "email_to": ["kjt-finance@example.gov.cn"], "webhooks": ["财务群"]},
               {"department_name": "水务|水利", "email_to": ["water@example.gov.cn"], "webhooks": []}],
    "default": {"email_to": ["finance@example.gov.cn"], "webhooks": ["audit"]}

`department_code` matches the printed code exactly or as a prefix (113 matches 113001); `department_name`
is a regular expression searched in the department's name. The first matching route wins.

Once per finding: `send_alerts` remembers, per finding id and recipient, what was delivered
(`orchestration/findings.py`, `<db>.findings/alerts_sent.jsonl`), so a finding is alerted once, not on
every run; a recipient that failed is tried again next run. Dismissed findings are never alerted.

Every recipient is tried independently (timeouts on every connection); one failing recipient never
stops the others. `send_alerts` returns one dict per (document, recipient): channel, target, status
('sent' / 'failed'), error.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import html
import json
import logging
import os
import re
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from expectations.report import LATEST, PAGES_DIR, format_value, page_name, place_label
from extract.duckdb_settings import connect, tables_in
from extract.safe_text import shown

CONFIG_ENV = "BW_ALERTS_CONFIG"
DEFAULT_TIMEOUT = 15.0
WEBHOOK_FORMATS = ("json", "wecom", "dingtalk")
ROBOT_MARKDOWN_MAX_BYTES = 4000   # 企业微信 markdown content: at most 4096 bytes; 钉钉 is larger, keep both short
ROBOT_MAX_FAILURES = 10
EMAIL_MAX_FAILURES = 200
# Words that make a key name a secret, wherever the key sits (email.smtp_password, auth.password,
# headers.Authorization, sign_secret, apiKey …); `*_env` keys name a variable instead and are fine.
_SECRET_WORDS = {"password", "passwd", "pass", "pwd", "secret", "token", "key", "apikey", "authorization", "auth",
                 "credential", "credentials", "cookie", "username", "user", "signature", "sign", "bearer"}
_NOT_SECRET_KEYS = {"allow_plaintext_auth"}

log = logging.getLogger(__name__)


class AlertConfigError(ValueError):
    """The alert configuration is unusable (bad file, bad shape, a secret written inline)."""


# ---------------------------------------------------------------------------------------------- configuration

def load_config(path: str | os.PathLike | None = None) -> dict | None:
    """The config at `path`, or at $BW_ALERTS_CONFIG; None when neither is set (alerts switched off)."""
    path = path or os.environ.get(CONFIG_ENV)
    if not path:
        return None
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AlertConfigError(f"cannot read the alert config {path}: {exc.strerror or exc}") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:  # pragma: no cover - PyYAML ships with Dagster
            raise AlertConfigError("a YAML alert config needs PyYAML; use a .json file instead") from exc
        try:
            config = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise AlertConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from exc
    else:
        try:
            config = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AlertConfigError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return validate_config(config or {})


def validate_config(config: dict) -> dict:
    if not isinstance(config, dict):
        raise AlertConfigError("the alert config must be a mapping with 'email' and/or 'webhooks'")
    unknown = set(config) - {"email", "webhooks", "timeout", "routes", "default"}
    if unknown:
        raise AlertConfigError(f"unknown alert config key(s): {sorted(unknown)}")
    _refuse_inline_secrets(config, "config")
    email = config.get("email")
    if email is not None:
        if not isinstance(email, dict):
            raise AlertConfigError("'email' must be a mapping")
        _refuse_inline_secrets(email, "email")
        for key in ("host", "from", "to"):
            if not email.get(key):
                raise AlertConfigError(f"email: '{key}' is required")
        if isinstance(email["to"], str):
            email["to"] = [email["to"]]
        if not isinstance(email["to"], list) or not all(isinstance(t, str) and t for t in email["to"]):
            raise AlertConfigError("email: 'to' must be a list of addresses")
        if bool(email.get("username_env")) != bool(email.get("password_env")):
            raise AlertConfigError("email: give both 'username_env' and 'password_env', or neither")
    webhooks = config.get("webhooks") or []
    if not isinstance(webhooks, list):
        raise AlertConfigError("'webhooks' must be a list")
    for i, hook in enumerate(webhooks):
        if not isinstance(hook, dict):
            raise AlertConfigError(f"webhooks[{i}] must be a mapping")
        _refuse_inline_secrets(hook, f"webhooks[{i}]")
        if bool(hook.get("url")) == bool(hook.get("url_env")):
            raise AlertConfigError(f"webhooks[{i}]: give exactly one of 'url' and 'url_env'")
        hook.setdefault("format", "json")
        if hook["format"] not in WEBHOOK_FORMATS:
            raise AlertConfigError(f"webhooks[{i}]: format must be one of {WEBHOOK_FORMATS}")
        if hook.get("url"):
            _check_url(hook["url"], f"webhooks[{i}]")
    config["webhooks"] = webhooks
    names = {hook.get("name") or f"webhook {i + 1}" for i, hook in enumerate(webhooks)}
    routes = config.get("routes") or []
    if not isinstance(routes, list):
        raise AlertConfigError("'routes' must be a list")
    for i, route in enumerate([*routes, *([config["default"]] if config.get("default") is not None else [])]):
        where = f"routes[{i}]" if i < len(routes) else "default"
        if not isinstance(route, dict):
            raise AlertConfigError(f"{where} must be a mapping")
        keys = {"department_code", "department_name", "email_to", "webhooks"}
        if set(route) - keys:
            raise AlertConfigError(f"{where}: unknown key(s) {sorted(set(route) - keys)}")
        if where != "default" and not (route.get("department_code") or route.get("department_name")):
            raise AlertConfigError(f"{where}: give department_code and/or department_name")
        if route.get("department_name"):
            try:
                re.compile(route["department_name"])
            except re.error as exc:
                raise AlertConfigError(f"{where}: department_name is not a valid pattern ({exc})") from None
        if isinstance(route.get("email_to"), str):
            route["email_to"] = [route["email_to"]]
        if route.get("email_to") and not config.get("email"):
            raise AlertConfigError(f"{where}: email_to needs the 'email' section (server, sender)")
        unknown_hooks = set(route.get("webhooks") or []) - names
        if unknown_hooks:
            raise AlertConfigError(f"{where}: no webhook named {sorted(unknown_hooks)}")
    config["routes"] = routes
    return config


def route_for(config: dict, department_code: str | None, department_name: str | None) -> dict | None:
    """The route of a department: the first matching route, else 'default', else None (every recipient)."""
    for route in config.get("routes") or []:
        code_ok = not route.get("department_code") or (
            department_code is not None and str(department_code).startswith(str(route["department_code"])))
        name_ok = not route.get("department_name") or (
            department_name is not None and re.search(route["department_name"], department_name) is not None)
        if code_ok and name_ok:
            return route
    return config.get("default")


def secret_looking_key(key: str) -> bool:
    """smtp_password, auth.password's "password", Authorization, sign_secret, apiKey, X-Api-Token …"""
    if key.lower() in _NOT_SECRET_KEYS or key.lower().endswith("_env"):
        return False
    words = re.findall(r"[a-z]+|[A-Z][a-z]*|[A-Z]+(?![a-z])", key)
    words = [w.lower() for w in words]
    return bool(set(words) & _SECRET_WORDS) or "apikey" in key.lower().replace("_", "").replace("-", "")


def _refuse_inline_secrets(section, where: str) -> None:
    """Refuse, anywhere below `section`, a secret-looking key, a credential in a URL or an inline
    Authorization value: secrets come only from environment variables (`*_env` keys)."""
    if isinstance(section, dict):
        for key, value in section.items():
            path = f"{where}.{key}"
            if secret_looking_key(str(key)):
                raise AlertConfigError(f"{path}: secrets only from environment variables; use a '{key}_env' key "
                                       f"naming the variable instead of writing the value in the config")
            _refuse_inline_secrets(value, path)
    elif isinstance(section, list):
        for i, value in enumerate(section):
            _refuse_inline_secrets(value, f"{where}[{i}]")
    elif isinstance(section, str):
        if re.match(r"\s*(bearer|basic|token)\s+\S", section, re.I):
            raise AlertConfigError(f"{where}: an inline credential; secrets only from environment variables")
        for url in re.findall(r"[a-z][a-z0-9+.-]*://[^\s]+", section, re.I):
            try:
                parts = urllib.parse.urlsplit(url)
                credentials = parts.username or parts.password
            except ValueError:
                credentials = "@" in url.split("/")[2] if url.count("/") >= 2 else False
            if credentials:
                raise AlertConfigError(f"{where}: a URL with a user name or password ({redact_url(url)}); "
                                       f"put the URL in an environment variable and name it with 'url_env'")


def _check_url(url: str, where: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AlertConfigError(f"{where}: the webhook URL must be http(s)://host/…")


def redact_url(url: str) -> str:
    """scheme://host[:port] plus '/…' when anything follows: robot keys live in paths and query strings."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or "?"
        if ":" in host:
            host = f"[{host}]"
        origin = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "<invalid url>"
    return origin + ("/…" if (parts.path not in ("", "/") or parts.query or parts.fragment) else "")


# ---------------------------------------------------------------------------------------------- what to send

@dataclass
class Failure:
    finding_id: str | None
    rule_id: str
    rule_title: str
    table_title: str
    page: int | None
    item: str
    expected: object
    actual: object
    difference: object
    tolerance: object
    rule_title_zh: str | None = None
    advice_zh: str | None = None
    value_kind: str | None = None
    value_unit: str | None = None
    page_row: int | None = None
    place_note: str | None = None          # where a finding no table row holds sits (a table not printed, prose)
    other_table_title: str | None = None   # a finding comparing two tables: the second table's row
    other_page: int | None = None
    other_page_row: int | None = None

    def value(self, key: str, signed: bool = False) -> str:
        return format_value(getattr(self, key), self.value_kind, self.value_unit, signed)

    @property
    def title(self) -> str:
        return self.rule_title_zh or self.rule_title

    @property
    def place(self) -> str:
        place = place_label(self.page, self.page_row)
        if self.place_note:
            place += f"（{self.place_note}）"
        if self.other_page is not None:
            place += f"；对照 {self.other_table_title or '另一张表'} {place_label(self.other_page, self.other_page_row)}"
        return place


@dataclass(frozen=True)
class ReportLinks:
    """Where the data-quality report and its evidence pictures are reachable. `base_url` is the URL of the
    reports folder (setting BW_REPORT_BASE_URL, e.g. https://intranet.example.org/budget-reports); without it
    an alert names the report's file on disk. A document's alert links to the document's own page
    (documents/<document id>.html, a name every build keeps: expectations.report.page_name), at the finding's
    row (#f-<finding id>), and to its picture (evidence/<finding id>.png); the index is latest.html."""
    base_url: str = ""
    reports_dir: str = ""

    def _report_name(self, document_id: str | None) -> str:
        if document_id is None:
            return LATEST
        name = f"{PAGES_DIR}/{page_name(document_id)}"
        if self.reports_dir and not os.path.isfile(os.path.join(self.reports_dir, name)):
            return LATEST   # no page of that document in the published report (it was not published)
        return name

    def report(self, document_id: str | None = None, finding_id: str | None = None) -> str | None:
        """The URL of the document's page (at the finding's row), or of the index without a document; its path
        when no base URL is set; None when neither."""
        name = self._report_name(document_id)
        anchor = f"#f-{finding_id}" if finding_id and name != LATEST else ""
        if self.base_url:
            return f"{self.base_url.rstrip('/')}/{urllib.parse.quote(name)}{anchor}"
        if self.reports_dir:
            return os.path.join(self.reports_dir, name)
        return None

    def evidence(self, finding_id: str | None) -> str | None:
        """The URL of the finding's picture when one was rendered (PDF findings) and a base URL is set."""
        if not (self.base_url and finding_id and self.reports_dir and re.fullmatch(r"[0-9a-f]{16}(-\d+)?", finding_id)):
            return None
        if not os.path.isfile(os.path.join(self.reports_dir, "evidence", f"{finding_id}.png")):
            return None
        return f"{self.base_url.rstrip('/')}/evidence/{finding_id}.png"


@dataclass
class DocumentAlert:
    document_id: str
    file_name: str
    department_name: str | None
    fiscal_year: int | None
    failures: list[Failure] = field(default_factory=list)
    department_code: str | None = None
    links: ReportLinks = field(default_factory=ReportLinks)

    def with_failures(self, failures: list[Failure]) -> "DocumentAlert":
        return DocumentAlert(self.document_id, self.file_name, self.department_name, self.fiscal_year, failures,
                             self.department_code, self.links)


def default_links(db_path: str) -> ReportLinks:
    """Links from the environment: BW_REPORT_BASE_URL and BW_REPORTS (default <db>.reports)."""
    from orchestration.settings import Settings

    settings = Settings.from_env(db_path=str(db_path))
    return ReportLinks(settings.report_base_url, settings.reports_dir)


def collect_alerts(db_path: str, links: ReportLinks | None = None) -> list[DocumentAlert]:
    """One DocumentAlert per document with at least one confirmed ERROR mismatch (read-only, short connection).
    `links`: where the report and evidence are reachable (default: from the environment)."""
    links = links if links is not None else default_links(db_path)
    con = connect(str(db_path), read_only=True)
    try:
        tables = tables_in(con, "marts")
        if "check_failures" not in tables:
            log.warning("alerts: the warehouse has no check_failures table yet; nothing to alert on")
            return []
        documents = "marts.dim_documents" if "dim_documents" in tables else \
            "(SELECT NULL::VARCHAR AS document_id, NULL::VARCHAR AS department_name, NULL::INTEGER AS fiscal_year, " \
            "NULL::VARCHAR AS department_code)"
        columns = {r[0] for r in con.execute("DESCRIBE marts.check_failures").fetchall()}
        finding_id = "f.finding_id" if "finding_id" in columns else "NULL"
        places = ", ".join(f"f.{c}" if c in columns else "NULL"   # written by the runner since the places were added
                           for c in ("place_note", "other_table_title", "other_page", "other_page_row"))
        rows = con.execute(f"""
            SELECT f.document_id, f.file_name, d.department_name, d.fiscal_year, d.department_code,
                   {finding_id}, f.rule_id, f.rule_title, coalesce(f.table_title, f.table_kind), f.page, f.item,
                   f.expected, f.actual, f.difference, f.tolerance,
                   f.rule_title_zh, f.advice_zh, f.value_kind, f.value_unit, f.page_row, {places}
            FROM marts.check_failures f LEFT JOIN {documents} d ON d.document_id = f.document_id
            WHERE f.severity = 'error' AND f.finding = 'mismatch' AND f.confidence = 'confirmed'
            ORDER BY f.file_name, f.document_id, f.rule_id, f.page NULLS LAST, f.table_id, f.item""").fetchall()
    finally:
        con.close()
    alerts: dict[str, DocumentAlert] = {}
    for doc_id, file_name, department, year, code, *failure in rows:
        alert = alerts.setdefault(doc_id, DocumentAlert(doc_id, file_name or doc_id, department, year, [], code, links))
        alert.failures.append(Failure(*failure))
    return list(alerts.values())


# ---------------------------------------------------------------------------------------------- rendering

def _one_line(value, limit: int = 300) -> str:
    """Untrusted text on one line: line breaks become spaces; other control, bidi and zero-width
    characters neutralised (extract.safe_text.shown); length capped."""
    text = re.sub(r"[\r\n\t\u2028\u2029]+", " ", "" if value is None else str(value)).strip()
    return shown(text, limit)


# Links and images need [ ], tags and entities need < > &, code spans need `: those become full-width look-alikes.
# Headings, quotes and lists need a line start: untrusted text is always put on one line after a label.
_MD_SPECIALS = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］", "`": "'", "\\": "＼", "&": "＆"})


def _md(value, limit: int = 200) -> str:
    """Untrusted text inside robot markdown: no link, image, tag, entity or heading can be injected."""
    return _one_line(value, limit).translate(_MD_SPECIALS)


def _subject(alert: DocumentAlert) -> str:
    return _one_line(f"【预算数据质量告警】{alert.file_name}：{len(alert.failures)} 处勾稽关系不符", 200)


def _document_line(alert: DocumentAlert) -> str:
    """'部门 X · 2024 年度'; an unknown department is left out (never '部门: 2024 年')."""
    parts = [p for p in (f"部门 {_one_line(alert.department_name)}" if alert.department_name else None,
                         f"{alert.fiscal_year} 年度" if alert.fiscal_year else None) if p]
    return " · ".join(parts)


def render_text(alert: DocumentAlert, run_id: str) -> str:
    lines = ["预算公开数据质量告警 Budget data-quality alert", "",
             f"文件 file: {_one_line(alert.file_name)}"]
    if _document_line(alert):
        lines.append(_document_line(alert))
    lines += [f"文档编号 document: {alert.document_id}", f"运行 run: {_one_line(run_id)}", "",
              f"以下 {len(alert.failures)} 处勾稽关系超出舍入容差（错误）:",
              f"{len(alert.failures)} identity mismatch(es) beyond the rounding envelope (error):", ""]
    for n, f in enumerate(alert.failures[:EMAIL_MAX_FAILURES], 1):
        lines += [f"{n}. {f.rule_id} {_one_line(f.title)}",
                  f"   表 table: {_one_line(f.table_title) or '—'}（{_one_line(f.place)}）",
                  f"   项目 item: {_one_line(f.item)}",
                  f"   应为 expected:   {f.value('expected')}",
                  f"   实为 actual:     {f.value('actual')}",
                  f"   差额 difference: {f.value('difference', True)}（容差 tolerance ±{f.value('tolerance')}）"]
        if f.advice_zh:
            lines.append(f"   处理建议: {_one_line(f.advice_zh)}")
        if alert.links.base_url:
            lines.append(f"   报告 report: {alert.links.report(alert.document_id, f.finding_id)}")
        if alert.links.evidence(f.finding_id):
            lines.append(f"   原表截图 evidence: {alert.links.evidence(f.finding_id)}")
        lines.append("")
    if len(alert.failures) > EMAIL_MAX_FAILURES:
        lines.append(f"… 另有 {len(alert.failures) - EMAIL_MAX_FAILURES} 处，见数据质量报告。")
    report = alert.links.report(alert.document_id, alert.failures[0].finding_id if len(alert.failures) == 1 else None)
    lines.append(f"金额按原表单位列示。详见数据质量报告：{report}" if report else
                 "金额按原表单位列示。详见数据质量报告 (check_failures)。")
    return "\n".join(lines) + "\n"


def render_html(alert: DocumentAlert, run_id: str) -> str:
    e = lambda v: html.escape(shown(v), quote=True)  # noqa: E731
    cell = 'style="border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top"'
    num = 'style="border:1px solid #ccc;padding:4px 6px;text-align:right;white-space:nowrap"'
    rows = []
    for f in alert.failures[:EMAIL_MAX_FAILURES]:
        advice = f"<br>处理建议：{e(f.advice_zh)}" if f.advice_zh else ""
        if alert.links.base_url and alert.links.report(alert.document_id, f.finding_id):
            advice += f'<br><a href="{e(alert.links.report(alert.document_id, f.finding_id))}">在报告中查看 open in the report</a>'
        if alert.links.evidence(f.finding_id):
            advice += f'<br><a href="{e(alert.links.evidence(f.finding_id))}">原表截图 evidence</a>'
        rows.append(f"<tr><td {cell}><code>{e(f.rule_id)}</code><br>{e(f.title)}</td>"
                    f"<td {cell}>{e(f.table_title or '—')}</td><td {num}>{e(f.place)}</td>"
                    f"<td {cell}>{e(f.item)}{advice}</td><td {num}>{e(f.value('expected'))}</td>"
                    f"<td {num}>{e(f.value('actual'))}</td><td {num}>{e(f.value('difference', True))}</td>"
                    f"<td {num}>±{e(f.value('tolerance'))}</td></tr>")
    more = (f"<p>… 另有 {len(alert.failures) - EMAIL_MAX_FAILURES} 处，见数据质量报告。</p>"
            if len(alert.failures) > EMAIL_MAX_FAILURES else "")
    headers = "".join(f'<th {cell}>{h}</th>' for h in ("规则 rule", "表 table", "页、行 page, row", "项目 item", "应为 expected",
                                                       "实为 actual", "差额 difference", "容差 tolerance"))
    department = f"<p>{e(_document_line(alert))}</p>" if _document_line(alert) else ""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(_subject(alert))}</title></head>'
            f'<body style="font-family:sans-serif;color:#222">'
            f"<h2>预算公开数据质量告警</h2>"
            f"<p>文件 file: <strong>{e(alert.file_name)}</strong></p>{department}"
            f"<p>文档编号 document: <code>{e(alert.document_id)}</code> · 运行 run: <code>{e(run_id)}</code></p>"
            f"<p>以下 {len(alert.failures)} 处勾稽关系超出舍入容差（错误）：</p>"
            f'<table style="border-collapse:collapse;font-size:14px"><thead><tr>{headers}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{more}"
            f"<p>金额按原表单位列示。{_html_report_link(alert, e)}</p></body></html>")


def _html_report_link(alert: DocumentAlert, e) -> str:
    report = alert.links.report(alert.document_id)
    if not report:
        return ""
    if alert.links.base_url:
        return f' 详见<a href="{e(report)}">数据质量报告 data-quality report</a>。'
    return f" 详见数据质量报告：<code>{e(report)}</code>"


def json_payload(alert: DocumentAlert, run_id: str) -> dict:
    """The generic webhook's structured payload; amounts as exact decimal strings in 元."""
    return {
        "source": "budget-warehouse",
        "event": "identity_mismatch",
        "run_id": run_id,
        "document": {"document_id": alert.document_id, "file_name": alert.file_name,
                     "department_name": alert.department_name, "fiscal_year": alert.fiscal_year},
        "error_count": len(alert.failures),
        "unit": "元",
        "report_url": alert.links.report(alert.document_id) if alert.links.base_url else None,
        "failures": [{"finding_id": f.finding_id, "rule_id": f.rule_id, "rule_title": f.rule_title, "table_title": f.table_title, "page": f.page,
                      "item": f.item, "expected": _dec(f.expected), "actual": _dec(f.actual),
                      "difference": _dec(f.difference), "tolerance": _dec(f.tolerance),
                      "rule_title_zh": f.rule_title_zh, "advice_zh": f.advice_zh, "page_row": f.page_row,
                      "value_kind": f.value_kind or "money",
                      "report_url": alert.links.report(alert.document_id, f.finding_id) if alert.links.base_url else None,
                      "evidence_url": alert.links.evidence(f.finding_id),
                      # money values stay in 元 here; value_unit is the unit the table printed them in
                      "value_unit": f.value_unit} for f in alert.failures],
    }


def _dec(value) -> str | None:
    return None if value is None else str(value)


def robot_markdown(alert: DocumentAlert, run_id: str, flavour: str) -> tuple[str, str]:
    """(title, markdown) for a chat robot, under ROBOT_MARKDOWN_MAX_BYTES, document text neutralised."""
    title = _one_line(f"预算数据质量告警：{_md(alert.file_name, 60)}", 100)
    head = ["### 预算数据质量告警", "",
            f"> 文件：**{_md(alert.file_name)}**"]
    if _document_line(alert):
        head.append(f"> {_md(_document_line(alert))}")
    head += [f"> 文档编号：{_md(alert.document_id)}　运行：{_md(run_id, 80)}", "",
             f"**{len(alert.failures)}** 处勾稽关系超出舍入容差（错误）：", ""]
    red = (lambda s: f'<font color="warning">{s}</font>') if flavour == "wecom" else (lambda s: f"**{s}**")
    body, shown = [], 0
    for n, f in enumerate(alert.failures[:ROBOT_MAX_FAILURES], 1):
        entry = [f"{n}. **{_md(f.rule_id)}** {_md(f.title, 80)}",
                 f"   表：{_md(f.table_title, 60) or '—'}　{_md(f.place, 160)}",
                 f"   项目：{_md(f.item, 80)}",
                 f"   应为 {f.value('expected')}，实为 {f.value('actual')}，"
                 f"差额 {red(f.value('difference', True))}（容差 ±{f.value('tolerance')}）"]
        if f.advice_zh:
            entry.append(f"   处理建议：{_md(f.advice_zh, 120)}")
        if alert.links.base_url:   # our own configured URL (trusted), not document text
            link = f"   [在报告中查看]({alert.links.report(alert.document_id, f.finding_id)})"
            if alert.links.evidence(f.finding_id):
                link += f"　[原表截图]({alert.links.evidence(f.finding_id)})"
            entry.append(link)
        entry.append("")
        candidate = "\n".join(head + body + entry)
        if len(candidate.encode("utf-8")) > ROBOT_MARKDOWN_MAX_BYTES - 200:
            break
        body += entry
        shown = n
    tail = [f"… 另有 {len(alert.failures) - shown} 处，见数据质量报告。"] if shown < len(alert.failures) else []
    text = "\n".join(head + body + tail + ["金额按原表单位列示。"])
    return title, text


# ---------------------------------------------------------------------------------------------- delivery

class _Secrets:
    """Every secret value met while sending, to scrub from anything logged or returned."""

    def __init__(self):
        self.values: set[str] = set()

    def add(self, value: str | None) -> str | None:
        if value:
            self.values.add(value)
            self.values.add(urllib.parse.quote_plus(value))
            self.values.add(urllib.parse.quote(value, safe=""))
        return value

    def add_url(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        for secret in (parts.username, parts.password, parts.query):
            if secret:
                self.add(secret)
        last_segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if len(last_segment) >= 16:  # a token in the path (飞书/Slack-style hooks)
            self.add(last_segment)
        for _, value in urllib.parse.parse_qsl(parts.query):
            if value and len(value) >= 4:
                self.add(value)

    def scrub(self, text: str) -> str:
        for value in sorted(self.values, key=len, reverse=True):
            if value:
                text = text.replace(value, "***")
        return text


def _env(name: str, secrets: _Secrets, what: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise AlertConfigError(f"{what}: environment variable {name} is not set")
    return secrets.add(value)


def _send_email(email_config: dict, alert: DocumentAlert, run_id: str, secrets: _Secrets, timeout: float,
                to: list[str] | None = None) -> None:
    message = EmailMessage()
    message["Subject"] = _subject(alert)
    message["From"] = email_config["from"]
    message["To"] = ", ".join(to or email_config["to"])
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="budget-warehouse.local")
    message["X-Budget-Warehouse-Run"] = _one_line(run_id, 100)
    message["X-Budget-Warehouse-Document"] = alert.document_id
    message.set_content(render_text(alert, run_id))
    message.add_alternative(render_html(alert, run_id), subtype="html")

    host, port = email_config["host"], int(email_config.get("port") or (465 if email_config.get("ssl") else 25))
    username = password = None
    if email_config.get("username_env"):
        username = _env(email_config["username_env"], secrets, "email")
        password = _env(email_config["password_env"], secrets, "email")
        if not (email_config.get("starttls") or email_config.get("ssl") or email_config.get("allow_plaintext_auth")):
            raise AlertConfigError("email: refusing to send SMTP credentials without TLS "
                                   "(set starttls or ssl, or allow_plaintext_auth for a trusted relay)")
    context = ssl.create_default_context()
    if email_config.get("ssl"):
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        client.ehlo()
        if email_config.get("starttls") and not email_config.get("ssl"):
            client.starttls(context=context)
            client.ehlo()
        if username:
            client.login(username, password)
        client.send_message(message)


def _post(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8",
                                              "User-Agent": "budget-warehouse-alerts/1", **headers})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked: http(s)
        return response.status, response.read(65536)


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """DingTalk 加签: HMAC-SHA256 over "<timestamp>\\n<secret>" keyed by the secret, base64, URL-encoded."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}timestamp={timestamp}&sign={sign}"


def _send_webhook(hook: dict, url: str, alert: DocumentAlert, run_id: str, secrets: _Secrets, timeout: float) -> None:
    fmt = hook["format"]
    secret = _env(hook["secret_env"], secrets, f"webhook {hook.get('name') or fmt}") if hook.get("secret_env") else None
    headers = {}
    if fmt == "json":
        payload = json_payload(alert, run_id)
    elif fmt == "wecom":
        _, text = robot_markdown(alert, run_id, "wecom")
        payload = {"msgtype": "markdown", "markdown": {"content": text}}
    else:
        title, text = robot_markdown(alert, run_id, "dingtalk")
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        if secret:
            url = dingtalk_signed_url(url, secret)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if fmt == "json" and secret:
        timestamp = str(int(time.time()))
        signature = hmac.new(secret.encode("utf-8"), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        headers = {"X-BW-Timestamp": timestamp, "X-BW-Signature": f"sha256={signature}"}
    status, answer = _post(url, body, headers, timeout)
    if not 200 <= status < 300:
        raise RuntimeError(f"HTTP {status}")
    if fmt in ("wecom", "dingtalk"):
        # both robots answer HTTP 200 with {"errcode": 0, "errmsg": "ok"}; anything else is a refusal
        try:
            reply = json.loads(answer.decode("utf-8", "replace") or "{}")
        except json.JSONDecodeError:
            raise RuntimeError("the robot's answer is not JSON") from None
        if reply.get("errcode", 0) != 0:
            raise RuntimeError(f"robot refused the message: errcode {reply.get('errcode')} "
                               f"{_one_line(reply.get('errmsg'), 200)}")


def _describe_error(exc: BaseException, secrets: _Secrets) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        text = f"HTTP {exc.code} {exc.reason}"
    elif isinstance(exc, urllib.error.URLError):
        text = f"connection failed: {exc.reason}"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"SMTP authentication failed ({exc.smtp_code})"
    else:
        text = f"{exc.__class__.__name__}: {exc}"
    return secrets.scrub(_one_line(text, 500))


def deliver(alerts: list[DocumentAlert], config: dict, run_id: str,
            already_sent: set[tuple[str, str]] | None = None) -> list[dict]:
    """Send every alert to the recipients of its department's route; never raise for a recipient; return one
    outcome per attempt. Findings in `already_sent` ((finding_id, recipient) pairs) are left out of the
    alert to that recipient; an alert left with nothing new is not sent."""
    config = validate_config(copy.deepcopy(config))
    timeout = float(config.get("timeout") or DEFAULT_TIMEOUT)
    already_sent = already_sent or set()
    secrets = _Secrets()
    recipients = []   # (channel, target label, name, sender(alert, route))
    email_config = config.get("email")
    if email_config:
        port = email_config.get("port") or (465 if email_config.get("ssl") else 25)
        target = f"smtp://{email_config['host']}:{port}"
        sender = lambda a, route, c=email_config: _send_email(  # noqa: E731
            c, a, run_id, secrets, float(c.get("timeout") or timeout), (route or {}).get("email_to"))
        recipients.append(("email", target, email_config.get("name") or "email", sender))
    for i, hook in enumerate(config["webhooks"]):
        name = hook.get("name") or f"webhook {i + 1}"
        url = hook.get("url") or os.environ.get(hook.get("url_env") or "")
        if url:
            secrets.add_url(url)
            target = redact_url(url)
        else:
            target = f"${hook['url_env']} (not set)"

        def sender(a, route, hook=hook, name=name):
            hook_url = hook.get("url") or _env(hook["url_env"], secrets, f"webhook {name}")
            secrets.add_url(hook_url)
            _check_url(hook_url, f"webhook {name}")
            _send_webhook(hook, hook_url, a, run_id, secrets, float(hook.get("timeout") or timeout))

        recipients.append((f"webhook:{hook['format']}", target, name, sender))

    outcomes = []
    for alert in alerts:
        route = route_for(config, alert.department_code, alert.department_name)
        for channel, target, name, sender in recipients:
            if route is not None and (not route.get("email_to") if channel == "email"
                                      else name not in (route.get("webhooks") or [])):
                continue   # not a recipient of this department
            new = [f for f in alert.failures if (f.finding_id, name) not in already_sent]
            if not new:
                continue   # every finding already went to this recipient
            to_send = alert.with_failures(new)
            outcome = {"document_id": alert.document_id, "file_name": alert.file_name, "channel": channel,
                       "recipient": name, "target": target, "failures": len(new),
                       "finding_ids": [f.finding_id for f in new if f.finding_id]}
            if channel == "email":
                outcome["to"] = list((route or {}).get("email_to") or email_config["to"])
            try:
                sender(to_send, route)
            except Exception as exc:  # noqa: BLE001 - one recipient must not stop the others
                outcome.update(status="failed", error=_describe_error(exc, secrets))
                log.warning("alert for %r via %s (%s, %s) failed: %s", _one_line(alert.file_name), channel,
                            secrets.scrub(_one_line(name)), target, outcome["error"])
            else:
                outcome.update(status="sent", error=None)
                log.info("alert for %r sent via %s (%s, %s): %d mismatch(es)", _one_line(alert.file_name), channel,
                         secrets.scrub(_one_line(name)), target, len(new))
            outcomes.append(outcome)
    return outcomes


def send_alerts(db_path: str, config: dict | str | os.PathLike | None, run_id: str) -> list[dict]:
    """One alert per document with a new, open ERROR mismatch, to the recipients of its department (`config`:
    a dict, a path to a JSON/YAML file, or None for $BW_ALERTS_CONFIG). Each finding goes to each recipient
    once (the ledger beside the warehouse). Returns one dict per attempt: document_id, file_name, channel,
    recipient, target (redacted), failures, finding_ids, status 'sent'/'failed', error. No config: nothing sent."""
    if config is None or isinstance(config, (str, os.PathLike)):
        config = load_config(config)
        if config is None:
            log.info("alerts: %s is not set; no alert sent", CONFIG_ENV)
            return []
    alerts = collect_alerts(db_path)
    if not alerts:
        log.info("alerts: no document has an open, confirmed error-level identity mismatch; no alert sent")
        return []
    return deliver_once(db_path, alerts, config, run_id)


def deliver_once(db_path: str, alerts: list[DocumentAlert], config: dict, run_id: str) -> list[dict]:
    """deliver() what this warehouse has not sent yet, and remember what was sent."""
    from orchestration import findings

    # the decisions file is the truth (a decision taken since the build counts): dismissed findings are left out
    latest = findings.decisions(db_path)
    dismissed = {i for i, d in latest.items() if d["status"] == "dismissed"}
    alerts = [a.with_failures([f for f in a.failures if f.finding_id not in dismissed]) for a in alerts]
    alerts = [a for a in alerts if a.failures]
    outcomes = deliver(alerts, config, run_id, findings.already_sent(db_path))
    findings.record_sent(db_path, [{"finding_id": finding_id, "recipient": o["recipient"], "channel": o["channel"],
                                    "run_id": run_id}
                                   for o in outcomes if o["status"] == "sent" for finding_id in o["finding_ids"]])
    return outcomes


def deliver_alerts(db_path: str, alerts_config: str, run_id: str, log, links: ReportLinks | None = None) -> dict:
    """Send each new confirmed error finding of the published warehouse once per recipient (and what
    failed before again): the finance_alerts asset, and an unchanged re-run, which builds nothing."""
    config = load_config(alerts_config) if alerts_config else None  # None = alerts off
    if config is None:
        return {"documents": 0, "sent": 0, "failed": 0, "note": "BW_ALERTS_CONFIG not set"}
    alerts = collect_alerts(db_path, links)   # the published file, read-only
    outcomes = deliver_once(db_path, alerts, config, run_id)   # each finding once per recipient
    failed = [o for o in outcomes if o["status"] == "failed"]
    for o in failed:
        log.error(f"alert for {shown(o['file_name'])!r} via {o['channel']} ({o['recipient']}, {o['target']}) failed: {o['error']}")
    by_channel = {}
    for o in outcomes:
        by_channel.setdefault(o["channel"], {"sent": 0, "failed": 0})[o["status"]] += 1
    return {"documents": len(alerts), "sent": len(outcomes) - len(failed), "failed": len(failed), "by_channel": by_channel}
