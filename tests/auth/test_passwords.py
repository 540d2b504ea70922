from app.auth.passwords import PasswordProblem, password_problem


def test_password_rules():
    assert password_problem("short") is PasswordProblem.TOO_SHORT
    assert password_problem("x" * 201) is PasswordProblem.TOO_LONG
    assert password_problem("1234567890") is PasswordProblem.TOO_COMMON
    assert password_problem("abababababab") is PasswordProblem.TOO_SIMPLE
    assert password_problem("jankowalski-99", "jan.k@example.org", "Jan Kowalski") is (
        PasswordProblem.TOO_PERSONAL
    )
    assert password_problem("zielony-dunajec-2027", "jan@example.org", "Jan Kowalski") is None
