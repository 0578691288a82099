"""oss-share: browse Alibaba Cloud OSS in the terminal and make signed share links."""

__version__ = "0.1.0"
