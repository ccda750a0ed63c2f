"""``brandsite new``: ask for a brand's four required fields and write a ready-to-build profile."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..authoring import scaffold
from ..findings import Finding, FindingsError, Level
from ..profile.loader import SLUG

QUESTIONS = (  # (field, option, question)
    ("title", "--title", "品牌名称（如 五色行动）"),
    ("school", "--school", "学校全称（如 北皂学校）"),
    ("organization", "--organization", "党组织（如 北皂学校党支部）"),
    ("slogan", "--slogan", "品牌口号（一句话）"),
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("new", help="新建一个品牌：生成 brands/<网址名>/index.md 和 photos 文件夹")
    for name, option, question in QUESTIONS:
        parser.add_argument(option, dest=name, help=f"{question}；不写就会询问")
    parser.add_argument("--slug", help="文件夹名（网址名），只能用小写字母、数字和“-”；不写就按品牌名称的拼音生成")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹（默认 brands）")
    parser.set_defaults(func=run)


def ask(question: str) -> str:
    """Ask until the teacher types something; None-free: raises EOFError when input ends."""
    while True:
        answer = input(f"{question}：").strip()
        if answer:
            return answer
        print("这一项必须填写。")


def check_slug(brands_dir: Path, slug: str) -> str:
    """Chinese reason why ``slug`` cannot be used, or ''."""
    if not SLUG.match(slug):
        return f"文件夹名“{slug}”不能用作网址 — 只能用小写英文字母、数字和“-”，如 wuse-xingdong"
    if (brands_dir / slug).exists():
        return f"文件夹 {brands_dir.as_posix()}/{slug} 已经存在 — 请换一个 --slug，或不写 --slug 自动生成"
    return ""


def run(args: argparse.Namespace) -> int:
    brands_dir = args.brands
    values = {}
    try:
        for name, _, question in QUESTIONS:
            values[name] = (getattr(args, name) or "").strip() or ask(question)
    except (EOFError, KeyboardInterrupt) as stopped:
        print()  # end the unanswered question's line
        raise FindingsError([Finding(brands_dir.as_posix(), None, Level.ERROR, "没有完成输入，什么也没有创建",
                                     "请重新运行，四项都要填写")]) from stopped
    slug = scaffold.choose_slug(brands_dir, values["title"], args.slug or "")
    if problem := check_slug(brands_dir, slug):
        raise FindingsError([Finding(f"{brands_dir.as_posix()}/{slug}", None, Level.ERROR, problem)])
    index = scaffold.create(brands_dir, slug, scaffold.render(scaffold.Profile(**values)))
    print(f"已新建品牌“{values['title']}”：{index.as_posix()}")
    print(f"下一步：打开 {index.as_posix()} 补充简介和品牌故事，把照片放进 {(index.parent / 'photos').as_posix()}/，"
          "再在 gallery 里列出；用 make serve 预览。")
    return 0
