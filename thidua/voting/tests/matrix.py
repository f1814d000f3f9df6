from thidua.core.tests.access_matrix import Route

ROUTES: list[Route] = []
