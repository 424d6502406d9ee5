package org.tfps.decision;

/**
 * Port: hands an operator's change of a provisioned account to the other cluster members, which
 * keep it in their own database and memory. A single node shares with nobody ({@link #NONE}).
 */
public interface AccountShare {

  /** Nobody to tell. */
  AccountShare NONE =
      new AccountShare() {
        @Override
        public void changed(AccountSettings s) {}

        @Override
        public void deleted(String account) {}
      };

  /** {@code s} was stored here: the other members take it too. */
  void changed(AccountSettings s);

  /** {@code account} was deleted here. */
  void deleted(String account);
}
