"""Who people are: accounts, passwords, roles and personal API tokens."""
