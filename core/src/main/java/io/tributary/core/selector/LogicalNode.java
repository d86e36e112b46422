package io.tributary.core.selector;

import java.util.List;
import java.util.stream.Collectors;

/**
 * AND and OR over any number of operands, and NOT, with SQL three-valued logic (null is UNKNOWN).
 * Immutable.
 *
 * <p>Design note: a chain {@code a OR b OR c ...} is one node with an operand array rather than a
 * left-deep tree, so selectors generated with thousands of alternatives evaluate without deep recursion.
 */
final class LogicalNode extends Expr {

    enum Op { AND, OR, NOT }

    private final Op op;
    private final Expr[] operands;

    private LogicalNode(Op op, Expr[] operands) {
        super(Type.BOOLEAN, operands);
        this.op = op;
        this.operands = operands;
    }

    static Expr and(List<Expr> operands) {
        return operands.size() == 1 ? operands.get(0) : new LogicalNode(Op.AND, operands.toArray(new Expr[0]));
    }

    static Expr or(List<Expr> operands) {
        return operands.size() == 1 ? operands.get(0) : new LogicalNode(Op.OR, operands.toArray(new Expr[0]));
    }

    static Expr not(Expr operand) {
        return new LogicalNode(Op.NOT, new Expr[] {operand});
    }

    @Override
    Object evaluate(Filterable message) {
        if (op == Op.NOT) {
            Boolean b = truth(operands[0].evaluate(message));
            return b == null ? null : truth(!b);
        }
        // AND stops at the first FALSE, OR at the first TRUE; otherwise any UNKNOWN makes the result UNKNOWN.
        boolean decisive = op == Op.OR;
        boolean unknown = false;
        for (Expr operand : operands) {
            Boolean b = truth(operand.evaluate(message));
            if (b == null) {
                unknown = true;
            } else if (b == decisive) {
                return truth(decisive);
            }
        }
        return unknown ? null : truth(!decisive);
    }

    @Override
    boolean constant() {
        for (Expr operand : operands) {
            if (!operand.constant()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (op == Op.NOT) {
            return "(NOT " + operands[0] + ")";
        }
        return List.of(operands).stream().map(String::valueOf).collect(Collectors.joining(" " + op + " ", "(", ")"));
    }
}
