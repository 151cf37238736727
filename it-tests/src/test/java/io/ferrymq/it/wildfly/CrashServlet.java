package io.ferrymq.it.wildfly;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Server side (test 6): {@code GET /ctl?op=crash&id=..&item=..} runs {@link CrashOrderBean}; it never answers. */
@WebServlet("/ctl")
public class CrashServlet extends HttpServlet {
    @EJB
    private CrashOrderBean orders;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        if (!"crash".equals(request.getParameter("op"))) {
            response.sendError(400, "unknown op");
            return;
        }
        try {
            orders.placeAndDieInCommit(request.getParameter("id"), request.getParameter("item"));
            response.getWriter().print("ok (the server should have been killed in commit)");
        } catch (Exception e) {
            response.getWriter().print("failed: " + e);
        }
    }
}
