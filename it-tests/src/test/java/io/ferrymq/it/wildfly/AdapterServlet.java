package io.ferrymq.it.wildfly;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Server side: the tests' door into the application ({@code GET /ctl?op=...}): {@code send} (SenderBean),
 * {@code order} (OrderBean), {@code records} (a {@link Records} log, one line each). Answers {@code ok}, or
 * {@code failed: <exception>} when the bean threw (what a rolled-back call looks like to its client).
 */
@WebServlet("/ctl")
public class AdapterServlet extends HttpServlet {
    @EJB
    private SenderBean sender;

    @EJB
    private OrderBean orders;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        String op = request.getParameter("op");
        try {
            switch (op) {
                case "send" -> {
                    sender.send(request.getParameter("body"), request.getParameter("outcome"));
                    out.print("ok");
                }
                case "order" -> {
                    orders.place(request.getParameter("id"), request.getParameter("item"),
                            request.getParameter("outcome"));
                    out.print("ok");
                }
                case "records" -> Records.get(request.getParameter("log")).forEach(out::println);
                default -> response.sendError(400, "unknown op " + op);
            }
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            out.print("failed: " + e + "\n" + trace);
        }
    }
}
