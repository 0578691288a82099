"""The only package that imports oss2: config and credentials, the gateway, the signer."""
