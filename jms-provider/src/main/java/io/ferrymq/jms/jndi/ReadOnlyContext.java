package io.ferrymq.jms.jndi;

import jakarta.jms.InvalidDestinationRuntimeException;

import javax.naming.Binding;
import javax.naming.CompoundName;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.function.Function;

/**
 * One level of the in-memory namespace {@link FerryInitialContextFactory} builds: names separated by {@code /}, bound
 * once at creation to destinations, {@link LazyConnectionFactory connection factories} and child contexts; or, for
 * {@code dynamicQueues} and {@code dynamicTopics}, a context that makes a destination of whatever name is looked up.
 * Bind, rename and the like are refused. The bindings are immutable and lazy factories synchronize, so it is safe
 * from any thread; only the environment (a Hashtable) changes.
 */
final class ReadOnlyContext implements Context {
    private static final int MAX_NAMES_IN_ERRORS = 20;
    private static final Properties SYNTAX = new Properties();
    private static final NameParser PARSER = name -> new CompoundName(name, SYNTAX);

    static {
        SYNTAX.put("jndi.syntax.direction", "left_to_right");
        SYNTAX.put("jndi.syntax.separator", "/");
    }

    private final Hashtable<Object, Object> environment;
    private final String path;
    private final Map<String, Object> bindings;
    private final Function<String, Object> dynamic;

    /**
     * @param path     this context's full name ("" for the root)
     * @param bindings its children (values: objects, {@link LazyConnectionFactory}, ReadOnlyContext); not copied
     * @param dynamic  for a dynamic context, makes the object for any name; null for a static one
     */
    ReadOnlyContext(Hashtable<?, ?> environment, String path, Map<String, Object> bindings,
                    Function<String, Object> dynamic) {
        this.environment = new Hashtable<>(environment);
        this.path = path;
        this.bindings = Collections.unmodifiableMap(bindings);
        this.dynamic = dynamic;
    }

    // ---- lookup and list ---------------------------------------------------------------------------------------

    @Override
    public Object lookup(String name) throws NamingException {
        Object found = locate(name);
        return found instanceof LazyConnectionFactory factory ? factory.get() : found;
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(toText(name));
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        List<NameClassPair> pairs = new ArrayList<>();
        for (Map.Entry<String, Object> e : contextAt(name).bindings.entrySet()) {
            Object value = e.getValue();
            String className = value instanceof LazyConnectionFactory f ? f.className() : value.getClass().getName();
            pairs.add(new NameClassPair(e.getKey(), className));
        }
        return new ListEnumeration<>(pairs);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(toText(name));
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        List<Binding> list = new ArrayList<>();
        for (Map.Entry<String, Object> e : contextAt(name).bindings.entrySet()) {
            Object value = e.getValue();
            list.add(new Binding(e.getKey(), value instanceof LazyConnectionFactory f ? f.get() : value));
        }
        return new ListEnumeration<>(list);
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(toText(name));
    }

    /** The bound value (a LazyConnectionFactory not yet created); for "" a new instance of this context. */
    private Object locate(String name) throws NamingException {
        if (name == null) {
            throw new InvalidNameException("FMQ-JMS-904 null is not a JNDI name");
        }
        if (name.isEmpty()) {
            return new ReadOnlyContext(environment, path, bindings, dynamic);
        }
        if (dynamic != null) {
            try {
                return dynamic.apply(name);
            } catch (InvalidDestinationRuntimeException e) {
                InvalidNameException invalid = new InvalidNameException(e.getMessage() + " (looking up '"
                        + fullName(name) + "')");
                invalid.setRootCause(e);
                throw invalid;
            }
        }
        int slash = name.indexOf('/');
        String head = slash < 0 ? name : name.substring(0, slash);
        Object bound = bindings.get(head);
        if (bound == null) {
            throw notFound(name);
        }
        if (slash < 0) {
            return bound;
        }
        if (bound instanceof ReadOnlyContext child) {
            return child.locate(name.substring(slash + 1));
        }
        throw new NotContextException("FMQ-JMS-904 '" + fullName(head) + "' is bound to "
                + (bound instanceof LazyConnectionFactory f ? "a connection factory (" + f.className() + ")" : bound)
                + ", not to a context, so '" + fullName(name) + "' does not exist");
    }

    private ReadOnlyContext contextAt(String name) throws NamingException {
        Object found = locate(name);
        if (found instanceof ReadOnlyContext context) {
            return context;
        }
        throw new NotContextException("FMQ-JMS-904 '" + fullName(name) + "' is not a context");
    }

    private NameNotFoundException notFound(String name) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Object> e : bindings.entrySet()) {
            if (names.size() == MAX_NAMES_IN_ERRORS) {
                names.add("...");
                break;
            }
            names.add(e.getKey() + (e.getValue() instanceof ReadOnlyContext ? "/" : ""));
        }
        return new NameNotFoundException("FMQ-JMS-904 '" + fullName(name) + "' is not bound in the FerryMQ JNDI context"
                + "; bound names" + (path.isEmpty() ? "" : " in '" + path + "'") + ": "
                + (names.isEmpty() ? "none" : String.join(", ", names))
                + ". Bind it in the environment or jndi.properties with connectionFactory.<name>=ferrymq://...,"
                + " queue.<name>=<queue> or topic.<name>=<topic>, or look up dynamicQueues/<queue> or"
                + " dynamicTopics/<topic>");
    }

    private String fullName(String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    private static String toText(Name name) throws InvalidNameException {
        if (name == null) {
            throw new InvalidNameException("FMQ-JMS-904 null is not a JNDI name");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.size(); i++) {
            text.append(i == 0 ? "" : "/").append(name.get(i));
        }
        return text.toString();
    }

    // ---- names and environment ---------------------------------------------------------------------------------

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + "/" + name;
    }

    /** Changes this context's environment only; the bindings were fixed when the context was built. */
    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(environment);
    }

    @Override
    public String getNameInNamespace() {
        return path;
    }

    /** Holds no resources: the factories looked up belong to the application. */
    @Override
    public void close() {
    }

    // ---- refused: the namespace comes from the environment ----------------------------------------------------

    private static OperationNotSupportedException readOnly() {
        return new OperationNotSupportedException("FMQ-JMS-905 the FerryMQ JNDI context is read-only: bind names in"
                + " the environment or jndi.properties (connectionFactory.<name>, queue.<name>, topic.<name>)");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public String toString() {
        return "FerryMQ JNDI context '" + path + "' " + bindings.keySet();
    }

    /** A NamingEnumeration over a list computed up front. */
    private static final class ListEnumeration<T> implements NamingEnumeration<T> {
        private final Iterator<T> iterator;

        ListEnumeration(List<T> list) {
            this.iterator = list.iterator();
        }

        @Override
        public T next() {
            return nextElement();
        }

        @Override
        public boolean hasMore() {
            return iterator.hasNext();
        }

        @Override
        public boolean hasMoreElements() {
            return iterator.hasNext();
        }

        @Override
        public T nextElement() {
            if (!iterator.hasNext()) {
                throw new NoSuchElementException();
            }
            return iterator.next();
        }

        @Override
        public void close() {
        }
    }
}
