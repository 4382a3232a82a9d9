
again`