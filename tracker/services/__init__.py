"""Operations the dashboard calls, each checking the actor's permission first.

Every function takes the acting person (``tracker.auth.Actor``) as ``actor``, opens its own short session (or
takes one in), and returns plain data. Permission rules live in ``tracker.services.permissions``.
"""
