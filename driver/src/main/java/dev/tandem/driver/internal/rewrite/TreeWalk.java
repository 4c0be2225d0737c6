package dev.tandem.driver.internal.rewrite;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A walk over every node of a JSqlParser tree that reaches every field of every node generically, by
 * reflection: a node type or a field the rest of Tandem has never heard of cannot be skipped by omission.
 * Nodes are the objects of JSqlParser's model packages; lists, arrays and maps of them are walked through.
 * The parser's own bookkeeping (the transient parse-tree back pointer) is not part of the model and is not
 * walked. A node met again on its own path (a cycle) is not walked again.
 */
final class TreeWalk {
    /** Receives the nodes of a walk. */
    interface Visitor {
        /**
         * Called for each node before its fields; {@code owner} is the node holding it (null for the root) and
         * {@code field} the name of the field it was reached through. Returns false to skip the node's fields.
         */
        boolean enter(Object node, Object owner, String field);

        /** Called after a node's fields have been walked (not called when {@link #enter} returned false). */
        default void leave(Object node) {
        }
    }

    private static final String MODEL = "net.sf.jsqlparser.";
    private static final String PARSER = "net.sf.jsqlparser.parser.";

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(MODEL); c = c.getSuperclass()) {
                chain.add(0, c); // superclass fields first: a Select's WITH list before its body
            }
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()
                        || f.getType().isPrimitive() || f.getType() == String.class || f.getType().isEnum()) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            // A WITH list is walked before the rest of its statement, as its names are visible in the rest.
            out.sort((a, b) -> Boolean.compare(!"withItemsList".equals(a.getName()),
                !"withItemsList".equals(b.getName())));
            return out.toArray(new Field[0]);
        }
    };

    private TreeWalk() {
    }

    private static final ClassValue<Boolean> NODE_TYPES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            String name = type.getName();
            return !type.isEnum() && name.startsWith(MODEL) && !name.startsWith(PARSER);
        }
    };

    /** True if {@code o} is a node of JSqlParser's model (not the parser's own classes, not an enum). */
    static boolean isNode(Object o) {
        return o != null && !(o instanceof Enum) && NODE_TYPES.get(o.getClass());
    }

    static void walk(Object root, Visitor visitor) {
        new Walker(visitor).value(root, null, null);
    }

    private static final class Walker {
        private final Visitor visitor;
        /** The nodes from the root to the current one: a node met again on its own path is a cycle, not walked. */
        private Object[] path = new Object[32];
        private int depth;

        Walker(Visitor visitor) {
            this.visitor = visitor;
        }

        void value(Object v, Object owner, String field) {
            if (v == null) {
                return;
            }
            if (v instanceof Collection && !isNode(v)) {
                for (Object e : (Collection<?>) v) {
                    value(e, owner, field);
                }
                return;
            }
            if (v instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    value(e.getKey(), owner, field);
                    value(e.getValue(), owner, field);
                }
                return;
            }
            if (v instanceof Object[]) {
                for (Object e : (Object[]) v) {
                    value(e, owner, field);
                }
                return;
            }
            if (!isNode(v) || onPath(v)) {
                return;
            }
            if (!visitor.enter(v, owner, field)) {
                return;
            }
            if (depth == path.length) {
                path = java.util.Arrays.copyOf(path, depth * 2);
            }
            path[depth++] = v;
            try {
                for (Field f : FIELDS.get(v.getClass())) {
                    Object child;
                    try {
                        child = f.get(v);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + f + " of a parsed statement", e);
                    }
                    value(child, v, f.getName());
                }
                if (v instanceof Collection) {
                    // A node that is a list (ExpressionList): its elements live in java.util's fields. They are
                    // reported as held by the list's own holder, through the same field, as a plain list's would be.
                    for (Object e : (Collection<?>) v) {
                        value(e, owner, field);
                    }
                }
            } finally {
                path[--depth] = null;
            }
            visitor.leave(v);
        }

        private boolean onPath(Object v) {
            for (int i = 0; i < depth; i++) {
                if (path[i] == v) {
                    return true;
                }
            }
            return false;
        }
    }
}
