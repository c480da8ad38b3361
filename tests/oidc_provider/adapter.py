from allauth.idp.oidc.adapter import DefaultOIDCAdapter


class PictureAdapter(DefaultOIDCAdapter):
    """Adds the ``picture`` claim, as most real providers do, pointing at this server.

    This server speaks plain HTTP, so the site under test must refuse to fetch it.
    """

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs):
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        if "profile" in scopes:
            claims["picture"] = self.request.build_absolute_uri("/picture.png")
        return claims
