"""Log-in timing for an existing account (wrong password) against an unknown email, and sign-up timing
for an address that has an account against a new one: each pair must match, or the time tells an
attacker which addresses have accounts (issue 14, point 6).

Prints the median of N tries of each kind and their ratio, measured in the same run with the real
password hashing (scrypt, the production default). Run: python benchmarks/login_timing.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(
    0, str(Path(__file__).resolve().parent.parent)
)  # this checkout's quizapp, not an installed one

from quizapp import create_app  # noqa: E402


def main(n: int = 15) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "LOG_LEVEL": "WARNING",
            },
            instance_path=f"{tmp}/instance",
        )
        from quizapp.accounts.models import User
        from quizapp.core.extensions import db

        with app.app_context():
            db.create_all()
            user = User(email="known@example.org", display_name="Known", role="student")
            user.set_password("the real password")
            db.session.add(user)
            db.session.commit()
        client = app.test_client()

        def timed(email: str) -> float:
            started = time.perf_counter()
            response = client.post("/auth/login", data={"email": email, "password": "a wrong password"})
            elapsed = time.perf_counter() - started
            assert response.status_code == 422
            return elapsed

        timed("warm@example.org")
        known, unknown = [], []
        for i in range(n):
            known.append(timed("known@example.org"))
            unknown.append(timed(f"nobody{i}@example.org"))
        k, u = statistics.median(known) * 1000, statistics.median(unknown) * 1000
        print(f"wrong password, existing account: median {k:.1f} ms over {n}")
        print(f"unknown email:                    median {u:.1f} ms over {n}")
        print(f"ratio existing/unknown: {k / u:.2f}")

        def signup(email: str) -> float:
            fresh = app.test_client()
            started = time.perf_counter()
            response = fresh.post(
                "/auth/signup",
                data={
                    "email": email,
                    "password": "a long enough passphrase",
                    "confirm": "a long enough passphrase",
                    "display_name": "Sam",
                },
            )
            elapsed = time.perf_counter() - started
            taken = "already exists" in response.get_data(as_text=True)
            assert response.status_code == (422 if taken else 302), response.status_code
            return elapsed

        signup("warm2@example.org")
        taken, new = [], []
        for i in range(n):
            taken.append(signup("known@example.org"))
            new.append(signup(f"new{i}@example.org"))
        t, w = statistics.median(taken) * 1000, statistics.median(new) * 1000
        print(f"sign-up, address with an account: median {t:.1f} ms over {n}")
        print(f"sign-up, new address:             median {w:.1f} ms over {n}")
        print(f"ratio taken/new: {t / w:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
